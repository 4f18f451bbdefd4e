export * from './iuv';
export * from './numero-avviso';
export * from './codice-fiscale';
export * from './partita-iva';
export * from './payer-id';
export * from './iban';
export * from './iud';
export * from './dati-specifici-riscossione';
