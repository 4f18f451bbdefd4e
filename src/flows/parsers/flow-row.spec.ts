import { FLOW_COLUMNS, type FlowColumn } from '../domain/flow-columns';
import { type FlowRow, type RowRejection } from '../domain/flow-row';
import { type FlowVersion } from '../domain/flow-version';
import { type FlowRowOptions, parseFlowRow } from './flow-row';

/** A valid row of the given version; each test changes only what its rule is about. */
const VALID: Record<FlowColumn, string> = {
  IUD: 'IUD-001',
  codIuv: '',
  tipoIdentificativoUnivoco: 'F',
  codiceIdentificativoUnivoco: 'RSSMRA85T10A562S',
  anagraficaPagatore: 'ROSSI MARIO',
  indirizzoPagatore: 'Via Roma',
  civicoPagatore: '1',
  capPagatore: '30124',
  localitaPagatore: 'Venezia',
  provinciaPagatore: 'VE',
  nazionePagatore: 'IT',
  mailPagatore: 'mario.rossi@example.it',
  dataScadenzaPagamento: '2025-03-31',
  importoDovuto: '147.92',
  commissioneCaricoPa: '',
  tipoDovuto: 'TARI',
  tipoVersamento: 'ALL',
  causaleVersamento: 'TARI 2025',
  datiSpecificiRiscossione: '9/0101100IM/',
  bilancio: '',
  flgGeneraIuv: 'false',
  flgMultibeneficiario: 'false',
  codiceFiscaleEnteSecondario: '',
  denominazioneEnteSecondario: '',
  ibanAccreditoEnteSecondario: '',
  indirizzoEnteSecondario: '',
  civicoEnteSecondario: '',
  capEnteSecondario: '',
  localitaEnteSecondario: '',
  provinciaEnteSecondario: '',
  nazioneEnteSecondario: '',
  datiSpecificiRiscossioneEnteSecondario: '',
  causaleVersamentoEnteSecondario: '',
  importoVersamentoEnteSecondario: '',
  azione: 'I',
};

const SECONDARIO: Partial<Record<FlowColumn, string>> = {
  flgMultibeneficiario: 'true',
  codiceFiscaleEnteSecondario: '80002200279',
  denominazioneEnteSecondario: 'Provincia di Esempio',
  ibanAccreditoEnteSecondario: 'it24 u030 6902 1170 0000 0012 345',
  datiSpecificiRiscossioneEnteSecondario: '9/0101100IM/',
  causaleVersamentoEnteSecondario: 'Quota TEFA',
  importoVersamentoEnteSecondario: '7.40',
};

const fieldsFor = (version: FlowVersion, change: Partial<Record<FlowColumn, string>> = {}) =>
  FLOW_COLUMNS[version].map((c) => (c in change ? change[c]! : VALID[c]));

/** given a row of `version` with `change` → when it is parsed as line 7 */
const given = (version: FlowVersion, change: Partial<Record<FlowColumn, string>> = {}, options?: FlowRowOptions) => {
  const result = parseFlowRow(fieldsFor(version, change), 7, version, options);
  return {
    accepted(): FlowRow {
      if (!result.ok) throw new Error(`expected the row to be accepted, got ${JSON.stringify(result.rejection.problems)}`);
      return result.row;
    },
    rejected(): RowRejection {
      if (result.ok) throw new Error('expected the row to be rejected');
      return result.rejection;
    },
    /** then it is rejected with exactly these codes, on these fields */
    rejectedWith(...expected: [code: string, field: string][]): RowRejection {
      const r = this.rejected();
      expect(r.problems.map((p) => [p.code, p.field])).toEqual(expected);
      for (const p of r.problems) expect(p.message).toMatch(/^Row 7: /);
      return r;
    },
  };
};

describe('flow row: a valid row of each version', () => {
  it('1_0 maps every column to a typed FlowRow, amounts in cents', () => {
    expect(given('1_0', { codIuv: '01000000000000144', commissioneCaricoPa: '1.5' }).accepted()).toEqual({
      rowNumber: 7,
      azione: 'I',
      iud: 'IUD-001',
      iuv: '01000000000000144',
      flagGeneraIuv: false,
      payer: {
        tipoIdentificativoUnivoco: 'F',
        codiceIdentificativoUnivoco: 'RSSMRA85T10A562S',
        anagrafica: 'ROSSI MARIO',
        indirizzo: 'Via Roma',
        civico: '1',
        cap: '30124',
        localita: 'Venezia',
        provincia: 'VE',
        nazione: 'IT',
        email: 'mario.rossi@example.it',
      },
      dataScadenza: '2025-03-31',
      importo: 14792,
      commissioneCaricoPa: 150,
      tipoDovuto: 'TARI',
      tipoVersamento: 'ALL',
      causale: 'TARI 2025',
      datiSpecificiRiscossione: '9/0101100IM/',
    });
  });

  it('leaves optional payer data out rather than empty, and trims blanks around values', () => {
    const row = given('1_1', {
      IUD: '  IUD-001 ',
      indirizzoPagatore: '',
      civicoPagatore: '',
      capPagatore: '',
      localitaPagatore: '',
      provinciaPagatore: '',
      nazionePagatore: '',
      mailPagatore: '',
      tipoVersamento: '',
    }).accepted();
    expect(row.iud).toBe('IUD-001');
    expect(row.payer).toEqual({ tipoIdentificativoUnivoco: 'F', codiceIdentificativoUnivoco: 'RSSMRA85T10A562S', anagrafica: 'ROSSI MARIO' });
    expect(row.tipoVersamento).toBe('ALL');
    expect('iuv' in row).toBe(false);
  });

  it('1_2 reads the bilancio, whose accertamenti add up to the amount', () => {
    const bilancio =
      '<bilancio><capitolo><codCapitolo>CAP1</codCapitolo><codUfficio>U1</codUfficio><accertamento><codAccertamento>A1</codAccertamento><importo>100.00</importo></accertamento><accertamento><importo>47.92</importo></accertamento></capitolo></bilancio>';
    expect(given('1_2', { bilancio }).accepted().bilancio).toEqual({
      capitoli: [{ codCapitolo: 'CAP1', codUfficio: 'U1', accertamenti: [{ codAccertamento: 'A1', importo: 10000 }, { importo: 4792 }] }],
    });
  });

  it('1_2 lets the due date be empty (the tipo dovuto decides), 1_0 and 1_1 require it', () => {
    expect(given('1_2', { dataScadenzaPagamento: '' }).accepted().dataScadenza).toBeUndefined();
    given('1_0', { dataScadenzaPagamento: '' }).rejectedWith(['FIELD_REQUIRED', 'dataScadenzaPagamento']);
    given('1_1', { dataScadenzaPagamento: '' }).rejectedWith(['FIELD_REQUIRED', 'dataScadenzaPagamento']);
  });

  it('1_3 reads flgGeneraIuv in any case, empty meaning false; earlier versions never generate', () => {
    expect(given('1_3', { flgGeneraIuv: 'TRUE' }).accepted().flagGeneraIuv).toBe(true);
    expect(given('1_3', { flgGeneraIuv: 'False' }).accepted().flagGeneraIuv).toBe(false);
    expect(given('1_3', { flgGeneraIuv: '' }).accepted().flagGeneraIuv).toBe(false);
    expect(given('1_2').accepted().flagGeneraIuv).toBe(false);
  });

  it('1_4 reads the ente secondario of a multi-beneficiary dovuto, IBAN normalised', () => {
    expect(given('1_4', SECONDARIO).accepted().secondario).toEqual({
      codiceFiscale: '80002200279',
      denominazione: 'Provincia di Esempio',
      iban: 'IT24U0306902117000000012345',
      datiSpecificiRiscossione: '9/0101100IM/',
      causale: 'Quota TEFA',
      importo: 740,
    });
  });

  it('1_4 ignores the secondary columns when flgMultibeneficiario is false or empty (MyPay treats the row as 1_3)', () => {
    expect(given('1_4', { ...SECONDARIO, flgMultibeneficiario: 'false', ibanAccreditoEnteSecondario: 'garbage' }).accepted().secondario).toBeUndefined();
    expect(given('1_4', { flgMultibeneficiario: '' }).accepted().secondario).toBeUndefined();
  });

  it('accepts M and A rows, a persona giuridica, an anonymous payer and a lower-case codice fiscale', () => {
    expect(given('1_3', { azione: 'M' }).accepted().azione).toBe('M');
    expect(given('1_3', { azione: 'A' }).accepted().azione).toBe('A');
    expect(given('1_3', { tipoIdentificativoUnivoco: 'g', codiceIdentificativoUnivoco: '80002200279' }).accepted().payer).toMatchObject({
      tipoIdentificativoUnivoco: 'G',
      codiceIdentificativoUnivoco: '80002200279',
    });
    expect(given('1_3', { codiceIdentificativoUnivoco: 'ANONIMO' }).accepted().payer.codiceIdentificativoUnivoco).toBe('ANONIMO');
    expect(given('1_3', { codiceIdentificativoUnivoco: 'rssmra85t10a562s' }).accepted().payer.codiceIdentificativoUnivoco).toBe('RSSMRA85T10A562S');
  });

  it('keeps the fields as read only when asked', () => {
    expect(given('1_0').accepted().raw).toBeUndefined();
    expect(given('1_0', {}, { keepRaw: true }).accepted().raw).toEqual(fieldsFor('1_0'));
  });
});

describe('flow row: refusals', () => {
  it('a row with the wrong number of columns: COLUMN_COUNT with expected and found, and nothing else', () => {
    const fewer = parseFlowRow(fieldsFor('1_4').slice(0, 22), 7, '1_4');
    const more = parseFlowRow([...fieldsFor('1_2'), ''], 7, '1_2');
    for (const [result, expected, found] of [
      [fewer, 35, 22],
      [more, 21, 22],
    ] as const) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.rejection.iud).toBe('IUD-001');
      expect(result.rejection.problems).toEqual([
        { field: 'row', code: 'COLUMN_COUNT', message: expect.stringContaining(`has ${found} columns, version`), details: { expected, found } },
      ]);
    }
  });

  it.each([
    ['1,50', 'uses a comma'],
    ['1.505', 'more than two decimals'],
    ['-5.00', 'must not be negative'],
    ['12 euro', 'is not an amount'],
    ['0', 'greater than zero'],
    ['0.00', 'greater than zero'],
    ['1000000000.00', 'exceeds 999999999.99'],
  ])('importoDovuto %s: INVALID_AMOUNT (%s)', (importo, why) => {
    const r = given('1_0', { importoDovuto: importo }).rejectedWith(['INVALID_AMOUNT', 'importoDovuto']);
    expect(r.problems[0]!.message).toContain(why);
  });

  it('commissioneCaricoPa may be zero but not malformed', () => {
    expect(given('1_0', { commissioneCaricoPa: '0.00' }).accepted().commissioneCaricoPa).toBe(0);
    given('1_0', { commissioneCaricoPa: '0,50' }).rejectedWith(['INVALID_AMOUNT', 'commissioneCaricoPa']);
  });

  it.each([
    ['2024-02-30', 'has 29 days'],
    ['2023-02-29', 'has 28 days'],
    ['2025-04-31', 'has 30 days'],
    ['2025-13-01', 'no such month'],
    ['2025-00-10', 'no such month'],
    ['31/12/2025', 'YYYY-MM-DD'],
    ['2025-3-31', 'YYYY-MM-DD'],
  ])('dataScadenzaPagamento %s: INVALID_DATE (%s)', (date, why) => {
    const r = given('1_2', { dataScadenzaPagamento: date }).rejectedWith(['INVALID_DATE', 'dataScadenzaPagamento']);
    expect(r.problems[0]!.message).toContain(why);
  });

  it('accepts 29 February of a leap year', () => {
    expect(given('1_0', { dataScadenzaPagamento: '2024-02-29' }).accepted().dataScadenza).toBe('2024-02-29');
  });

  it.each(['X', 'i', 'INS', ''])('azione %j: INVALID_AZIONE', (azione) => {
    const r = given('1_3', { azione }).rejectedWith(['INVALID_AZIONE', 'azione']);
    expect(r.problems[0]!.message).toContain('I (insert), M (modify) or A (annul)');
  });

  it('IUD: required, not starting with 000, at most 35 characters, no ";"', () => {
    given('1_0', { IUD: '' }).rejectedWith(['FIELD_REQUIRED', 'IUD']);
    given('1_0', { IUD: '000123' }).rejectedWith(['INVALID_IUD', 'IUD']);
    given('1_0', { IUD: 'X'.repeat(36) }).rejectedWith(['INVALID_IUD', 'IUD']);
    given('1_0', { IUD: 'A;B' }).rejectedWith(['INVALID_IUD', 'IUD']);
  });

  it('codice fiscale with a wrong check character, partita IVA with a wrong check digit, unknown payer type', () => {
    const cf = given('1_0', { codiceIdentificativoUnivoco: 'RSSMRA85T10A562T' }).rejectedWith(['CODICE_FISCALE_CHECK_CHARACTER', 'codiceIdentificativoUnivoco']);
    expect(cf.problems[0]!.message).toContain('check character is S');
    given('1_0', { tipoIdentificativoUnivoco: 'G', codiceIdentificativoUnivoco: '80002200278' }).rejectedWith(['PARTITA_IVA_CHECK_DIGIT', 'codiceIdentificativoUnivoco']);
    given('1_0', { tipoIdentificativoUnivoco: 'F', codiceIdentificativoUnivoco: '80002200279' }).rejectedWith(['INVALID_CODICE_FISCALE', 'codiceIdentificativoUnivoco']);
    given('1_0', { tipoIdentificativoUnivoco: 'X' }).rejectedWith(['INVALID_PAYER_TYPE', 'tipoIdentificativoUnivoco']);
    given('1_0', { codiceIdentificativoUnivoco: '' }).rejectedWith(['PAYER_ID_REQUIRED', 'codiceIdentificativoUnivoco']);
  });

  it("IUV with wrong check digits, of another station, or of the legacy 15-digit kind", () => {
    given('1_0', { codIuv: '01000000000000145' }).rejectedWith(['IUV_CHECK_DIGITS', 'codIuv']);
    given('1_0', { codIuv: '01000000000000144' }, { segregationCode: '02' }).rejectedWith(['IUV_SEGREGATION_CODE', 'codIuv']);
    expect(given('1_0', { codIuv: '01000000000000144' }, { segregationCode: '01' }).accepted().iuv).toBe('01000000000000144');
    given('1_0', { codIuv: '123456789012345' }).rejectedWith(['INVALID_IUV', 'codIuv']);
  });

  it.each(['mario.rossi@', 'mario rossi@example.it', 'mario@@example.it', 'mario.rossi@example', '.mario@example.it'])('mailPagatore %s: INVALID_EMAIL', (mail) => {
    given('1_0', { mailPagatore: mail }).rejectedWith(['INVALID_EMAIL', 'mailPagatore']);
  });

  it.each(['5/0101100IM/', '9/ab', '0101100IM', '9/01 01'])('datiSpecificiRiscossione %s: INVALID_DATI_SPECIFICI_RISCOSSIONE', (dsr) => {
    given('1_0', { datiSpecificiRiscossione: dsr }).rejectedWith(['INVALID_DATI_SPECIFICI_RISCOSSIONE', 'datiSpecificiRiscossione']);
  });

  it('bilancio whose accertamenti do not add up to importoDovuto: BILANCIO_SUM_MISMATCH with both amounts', () => {
    const bilancio =
      '<bilancio><capitolo><codCapitolo>CAP1</codCapitolo><accertamento><importo>100.00</importo></accertamento><accertamento><importo>47.91</importo></accertamento></capitolo></bilancio>';
    const r = given('1_2', { bilancio }).rejectedWith(['BILANCIO_SUM_MISMATCH', 'bilancio']);
    expect(r.problems[0]!.message).toContain('add up to 147.91, but importoDovuto is 147.92');
  });

  it('bilancio that is not well-formed, or has an amount with three decimals', () => {
    given('1_2', { bilancio: '<bilancio><capitolo>' }).rejectedWith(['INVALID_BILANCIO', 'bilancio']);
    given('1_3', {
      bilancio: '<bilancio><capitolo><codCapitolo>C</codCapitolo><accertamento><importo>147.920</importo></accertamento></capitolo></bilancio>',
    }).rejectedWith(['INVALID_AMOUNT', 'bilancio']);
  });

  it.each(['yes', 'si', '1'])('flgGeneraIuv %s: INVALID_FLAG', (flag) => {
    given('1_3', { flgGeneraIuv: flag }).rejectedWith(['INVALID_FLAG', 'flgGeneraIuv']);
  });

  it('tipoVersamento: only known channels, ALL alone', () => {
    expect(given('1_0', { tipoVersamento: 'po|cp' }).accepted().tipoVersamento).toBe('PO|CP');
    given('1_0', { tipoVersamento: 'ALL|PO' }).rejectedWith(['INVALID_TIPO_VERSAMENTO', 'tipoVersamento']);
    given('1_0', { tipoVersamento: 'BONIFICO' }).rejectedWith(['INVALID_TIPO_VERSAMENTO', 'tipoVersamento']);
  });

  it('causaleVersamento: up to 140 characters in 1_0, 1024 from 1_1', () => {
    const causale = 'c'.repeat(141);
    given('1_0', { causaleVersamento: causale }).rejectedWith(['FIELD_TOO_LONG', 'causaleVersamento']);
    expect(given('1_1', { causaleVersamento: causale }).accepted().causale).toBe(causale);
    given('1_1', { causaleVersamento: 'c'.repeat(1025) }).rejectedWith(['FIELD_TOO_LONG', 'causaleVersamento']);
  });

  it('required payer and classification fields', () => {
    given('1_0', { anagraficaPagatore: '', tipoDovuto: '', causaleVersamento: '', datiSpecificiRiscossione: '', importoDovuto: '' }).rejectedWith(
      ['FIELD_REQUIRED', 'anagraficaPagatore'],
      ['FIELD_REQUIRED', 'importoDovuto'],
      ['FIELD_REQUIRED', 'tipoDovuto'],
      ['FIELD_REQUIRED', 'causaleVersamento'],
      ['FIELD_REQUIRED', 'datiSpecificiRiscossione'],
    );
  });

  it('payer and ente secondario texts longer than MyPay allows: FIELD_TOO_LONG, never silently cut', () => {
    given('1_0', { indirizzoPagatore: 'V'.repeat(71), civicoPagatore: '1'.repeat(17), localitaPagatore: 'L'.repeat(36) }).rejectedWith(
      ['FIELD_TOO_LONG', 'indirizzoPagatore'],
      ['FIELD_TOO_LONG', 'civicoPagatore'],
      ['FIELD_TOO_LONG', 'localitaPagatore'],
    );
    given('1_4', { ...SECONDARIO, indirizzoEnteSecondario: 'V'.repeat(71), causaleVersamentoEnteSecondario: 'c'.repeat(1025) }).rejectedWith(
      ['FIELD_TOO_LONG', 'indirizzoEnteSecondario'],
      ['FIELD_TOO_LONG', 'causaleVersamentoEnteSecondario'],
    );
    given('1_0', { anagraficaPagatore: 'A'.repeat(71) }).rejectedWith(['FIELD_TOO_LONG', 'anagraficaPagatore']);
  });

  it('Italian address checks (CAP of 5 digits, province sigla) apply only in Italy', () => {
    given('1_0', { capPagatore: '3012' }).rejectedWith(['INVALID_CAP', 'capPagatore']);
    given('1_0', { provinciaPagatore: 'V1' }).rejectedWith(['INVALID_PROVINCIA', 'provinciaPagatore']);
    given('1_0', { nazionePagatore: 'ITA' }).rejectedWith(['FIELD_TOO_LONG', 'nazionePagatore']);
    expect(given('1_0', { nazionePagatore: 'gb', capPagatore: 'SW1A 1AA', provinciaPagatore: '' }).accepted().payer).toMatchObject({ nazione: 'GB', cap: 'SW1A 1AA' });
  });

  it('1_4 multi-beneficiary: every missing or wrong secondary field is reported', () => {
    given('1_4', { ...SECONDARIO, codiceFiscaleEnteSecondario: '', ibanAccreditoEnteSecondario: '', denominazioneEnteSecondario: '', importoVersamentoEnteSecondario: '' }).rejectedWith(
      ['FIELD_REQUIRED', 'codiceFiscaleEnteSecondario'],
      ['FIELD_REQUIRED', 'denominazioneEnteSecondario'],
      ['FIELD_REQUIRED', 'ibanAccreditoEnteSecondario'],
      ['FIELD_REQUIRED', 'importoVersamentoEnteSecondario'],
    );
    given('1_4', { ...SECONDARIO, ibanAccreditoEnteSecondario: 'IT24U0306902117000000012346' }).rejectedWith(['IBAN_CHECK_DIGITS', 'ibanAccreditoEnteSecondario']);
    given('1_4', { ...SECONDARIO, codiceFiscaleEnteSecondario: '80002200270' }).rejectedWith(['PARTITA_IVA_CHECK_DIGIT', 'codiceFiscaleEnteSecondario']);
    given('1_4', { ...SECONDARIO, importoVersamentoEnteSecondario: '0.00' }).rejectedWith(['INVALID_AMOUNT', 'importoVersamentoEnteSecondario']);
    given('1_4', { ...SECONDARIO, datiSpecificiRiscossioneEnteSecondario: '' }).rejectedWith(['FIELD_REQUIRED', 'datiSpecificiRiscossioneEnteSecondario']);
    given('1_4', { ...SECONDARIO, flgMultibeneficiario: 'forse' }).rejectedWith(['INVALID_FLAG', 'flgMultibeneficiario']);
  });

  it('reports ALL the problems of a row at once, each naming the row and the column', () => {
    const r = given('1_3', {
      importoDovuto: '1,50',
      dataScadenzaPagamento: '2024-02-30',
      mailPagatore: 'mario.rossi@',
      codiceIdentificativoUnivoco: 'RSSMRA85T10A562T',
      azione: 'X',
    }).rejectedWith(
      ['CODICE_FISCALE_CHECK_CHARACTER', 'codiceIdentificativoUnivoco'],
      ['INVALID_EMAIL', 'mailPagatore'],
      ['INVALID_DATE', 'dataScadenzaPagamento'],
      ['INVALID_AMOUNT', 'importoDovuto'],
      ['INVALID_AZIONE', 'azione'],
    );
    expect(r.iud).toBe('IUD-001');
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Row 7: codiceIdentificativoUnivoco "RSSMRA85T10A562T"/),
      expect.stringMatching(/^Row 7: mailPagatore "mario.rossi@"/),
      expect.stringMatching(/^Row 7: dataScadenzaPagamento "2024-02-30"/),
      expect.stringMatching(/^Row 7: importoDovuto "1,50" uses a comma/),
      expect.stringMatching(/^Row 7: azione "X"/),
    ]);
  });
});
