import { DomainError } from '../../kernel/errors';
import { describeWithXmllint, schema, xmllintErrors } from '../../../test/fixtures/reporting/support';
import { parseOpiGiornaleDiCassa } from '../parsers/opi-giornale-di-cassa';
import { buildOpiGiornaleDiCassa, OpiGiornaleInput, opiFlussoBtId } from './opi-giornale-di-cassa';

const input: OpiGiornaleInput = {
  abiBT: '03069',
  codiceEnte: 'ABC1DE',
  descrizioneEnte: "COMUNE DELL'AQUILA & FRAZIONI",
  codiceIstatEnte: '012345678',
  codiceFiscaleEnte: '80012345678',
  codiceEnteBT: '1316225',
  identificativoFlussoBT: opiFlussoBtId('2024-07-27', 'QUADRASIM0001'),
  dataOraCreazione: '2024-07-27T02:00:00',
  esercizio: 2024,
  dataRiferimento: '2024-07-26',
  conto: '0000005',
  descrizioneConto: 'CONTO PAGOPA',
  movements: [
    { numeroBolletta: 1001, numeroDocumento: 501, dataMovimento: '2024-07-26', dataValuta: '2024-07-27', importo: 162_42, ordinante: 'PAYPAL EUROPE', iuf: '2024-07-26PPAYITR1XXX-S2024072600' },
    { numeroBolletta: 1002, numeroDocumento: 502, dataMovimento: '2024-07-26', importo: 147_92, ordinante: 'UNICREDIT <SPA>', iuv: '01000000000000144' },
    { numeroBolletta: 1003, numeroDocumento: 503, dataMovimento: '2024-07-26', importo: 5_00, ordinante: 'PRIVATO', causale: 'RIMBORSO SPESE' },
  ],
};

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('buildOpiGiornaleDiCassa', () => {
  it('round-trips through the parser: every movement comes back with its amount, dates, numbers and IUF/IUV', () => {
    const parsed = parseOpiGiornaleDiCassa(buildOpiGiornaleDiCassa(input));
    expect(parsed).toMatchObject({
      compatibleVersions: ['1.6.1', '1.7.1', '1.8'],
      abiBT: '03069',
      codiceEnte: 'ABC1DE',
      descrizioneEnte: "COMUNE DELL'AQUILA & FRAZIONI",
      identificativoFlussoBT: 'GDC-20240727QUADRASIM0001#001#001',
      pagina: 1,
      pagineTotali: 1,
      esercizio: 2024,
      dataRiferimento: '2024-07-26',
      ignored: { count: 0, byReason: {} },
      warnings: [],
    });
    expect(parsed.movements.map((m) => [m.key, m.importo, m.segno, m.dataContabile, m.dataValuta, m.ordinante, m.causale, m.causaleKind, m.iuf ?? m.iuv ?? null])).toEqual([
      ['OPI:03069:0000005:2024:1001:501:0', 16242, '+', '2024-07-26', '2024-07-27', 'PAYPAL EUROPE', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600', 'cumulative', '2024-07-26PPAYITR1XXX-S2024072600'],
      ['OPI:03069:0000005:2024:1002:502:0', 14792, '+', '2024-07-26', '2024-07-26', 'UNICREDIT <SPA>', '/RFB/01000000000000144/147.92', 'punctual', '01000000000000144'],
      ['OPI:03069:0000005:2024:1003:503:0', 500, '+', '2024-07-26', '2024-07-26', 'PRIVATO', 'RIMBORSO SPESE', 'none', null],
    ]);
  });

  it('an instant transfer makes the journal 1.8 only, and the parser says so', () => {
    const xml = buildOpiGiornaleDiCassa({ ...input, movements: [{ ...input.movements[0], tipoEsecuzione: 'SEPA INSTANT CREDIT TRANSFER' }] });
    expect(parseOpiGiornaleDiCassa(xml).compatibleVersions).toEqual(['1.8']);
  });

  it('writes identificativo_flusso_BT in the GDC pattern', () => {
    expect(opiFlussoBtId('2024-07-27', 'QUADRASIM0001', 2, 3)).toBe('GDC-20240727QUADRASIM0001#002#003');
  });

  it.each([
    ['a codice IPA in lower case', { codiceEnte: 'abc1de' }, 'codiceEnte'],
    ['an ISTAT code of 8 digits', { codiceIstatEnte: '12345678' }, 'codiceIstatEnte'],
    ['a flow id outside the GDC pattern', { identificativoFlussoBT: 'FLUSSO-1' }, 'identificativoFlussoBT'],
    ['a tramite code without A2A-', { codiceTramiteEnte: '12345678' }, 'codiceTramiteEnte'],
    ['page 2 of 1', { pagina: 2 }, 'pagina'],
    ['a movement without causale, IUF or IUV', { movements: [{ ...input.movements[2], causale: undefined }] }, 'movements[1].causale'],
    ['a movement of zero', { movements: [{ ...input.movements[0], importo: 0 }] }, 'movements[1].importo'],
    ['a tipo_esecuzione OPI 1.8 does not have', { movements: [{ ...input.movements[0], tipoEsecuzione: 'VAGLIA POSTALE' }] }, 'movements[1].tipoEsecuzione'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    const e = errorOf(() => buildOpiGiornaleDiCassa({ ...input, ...change } as OpiGiornaleInput));
    expect([e.code, e.field]).toEqual(['OPI_BUILD_INVALID', field]);
  });
});

const x = describeWithXmllint('OPI giornale di cassa producer XSD validation');

x('OPI giornale di cassa producer XSD validation', () => {
  const xsd = (v: string) => schema('p4pa-payhub-activities', 'xsd', `OPI_GIORNALE_DI_CASSA_V_${v}.xsd`);

  it.each(['1_6_1', '1_7_1', '1_8'])('the default journal is valid against OPI %s', (v) => {
    expect(xmllintErrors(buildOpiGiornaleDiCassa(input), xsd(v))).toBe('');
  });

  it('an instant transfer is valid against 1.8 and refused by 1.7.1', () => {
    const xml = buildOpiGiornaleDiCassa({ ...input, movements: [{ ...input.movements[0], tipoEsecuzione: 'SEPA INSTANT CREDIT TRANSFER' }] });
    expect(xmllintErrors(xml, xsd('1_8'))).toBe('');
    expect(xmllintErrors(xml, xsd('1_7_1'))).toContain('tipo_esecuzione');
  });

  it('an empty journal (no movement that day) is valid too', () => {
    expect(xmllintErrors(buildOpiGiornaleDiCassa({ ...input, movements: [] }), xsd('1_8'))).toBe('');
  });
});
