import { parseBilancio } from '../../flows/parsers/bilancio';
import { bilancioXml, EXPORT_COLUMNS, exportRow, romeDate, type PaidDovuto } from './export-row';

const paid: PaidDovuto = {
  iud: 'TARI-1',
  iuv: '01000000000012345',
  payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
  causale: 'TARI 2024; rata "unica"',
  datiSpecificiRiscossione: '9/0101100IM/',
  tipoDovuto: 'TARI',
  bilancio: { capitoli: [{ codCapitolo: 'CAP1', codUfficio: 'U1', codAccertamento: 'A1', importo: 1000 }, { codCapitolo: 'CAP1', codUfficio: 'U1', importo: 479 }, { codCapitolo: 'CAP2', importo: 21 }] },
  reports: [
    { iuf: '2024-03-06BCITITMM-S1', rowIndex: 4, esito: '3', amount: 1500, dataRegolamento: '2024-03-06' },
    { iuf: '2024-03-07BCITITMM-S2', rowIndex: 9, esito: '0', amount: 1500, dataRegolamento: '2024-03-07' },
  ],
  receipt: {
    receiptId: 'IUR-77',
    amount: 1500,
    idPSP: 'BCITITMM',
    pspName: 'Intesa Sanpaolo',
    debtor: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Rossi Mario' },
    payer: { tipo: 'F', codiceIdentificativo: 'VRDLGU70A01F205X', anagrafica: 'Luigi Verdi' },
    paymentDateTime: '2024-12-31T23:30:00Z',
    at: '2025-01-01T00:31:00Z',
  },
};

describe('export row (MyPay paid export)', () => {
  it('lists the reporting flow, payer, versante, attestante, amount with a dot, the Italian date of the payment and the receipt id', () => {
    const row = exportRow(paid);
    expect(row).toHaveLength(EXPORT_COLUMNS.length);
    const byName = Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byName).toMatchObject({
      IUF: '2024-03-07BCITITMM-S2',
      numRigaFlusso: '9',
      IUD: 'TARI-1',
      codiceIdentificativoUnivocoPagatore: 'RSSMRA80A01H501U',
      anagraficaPagatore: 'Rossi Mario',
      codiceIdentificativoUnivocoVersante: 'VRDLGU70A01F205X',
      anagraficaVersante: 'Luigi Verdi',
      identificativoUnivocoAttestante: 'BCITITMM',
      denominazioneAttestante: 'Intesa Sanpaolo',
      esitoSingoloPagamento: 'ESEGUITO',
      singoloImportoPagato: '15.00',
      dataEsitoSingoloPagamento: '2025-01-01',
      identificativoUnivocoRiscossione: 'IUR-77',
      tipoDovuto: 'TARI',
    });
  });
  it('leaves IUF and row empty when the payment is not reported yet', () => {
    const row = exportRow({ ...paid, reports: [] });
    expect(row.slice(0, 2)).toEqual(['', '']);
  });
  it('writes a bilancio the flow import reads back to the same split', () => {
    const xml = bilancioXml(paid.bilancio);
    expect(parseBilancio(xml)).toEqual({
      capitoli: [
        { codCapitolo: 'CAP1', codUfficio: 'U1', accertamenti: [{ codAccertamento: 'A1', importo: 1000 }, { importo: 479 }] },
        { codCapitolo: 'CAP2', accertamenti: [{ importo: 21 }] },
      ],
    });
    expect(bilancioXml(undefined)).toBe('');
  });
  it('takes the day in Rome, summer time included', () => {
    expect(romeDate('2024-07-31T22:30:00Z')).toBe('2024-08-01');
    expect(romeDate('2024-07-31T21:30:00Z')).toBe('2024-07-31');
  });
});
