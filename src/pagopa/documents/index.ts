export * from './avviso-qr';
export * from './avviso-pdf';
export * from './ricevuta-pdf';
export * from './document-parties';
export { formatEuro, formatData, formatDataOra, groupByFour } from './italian-format';
