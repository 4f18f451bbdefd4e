import fc from 'fast-check';
import { DomainError } from '../../kernel/errors';
import { describeWithXmllint, fixture, schema, xmllintErrors } from '../../../test/fixtures/reporting/support';
import { ParsedFr, parseFlussoRiversamento } from '../parsers/flusso-riversamento';
import { buildFlussoRiversamento, wrapNodoChiediFlussoRendicontazioneRisposta } from './flusso-riversamento';

const sample: ParsedFr = {
  versioneOggetto: '1.0',
  identificativoFlusso: '2024-07-26PPAYITR1XXX-S2024072600',
  dataOraFlusso: '2024-07-26T10:15:00',
  identificativoUnivocoRegolamento: 'Bonifico SEPA-03069-A1B2C3',
  dataRegolamento: '2024-07-26',
  istitutoMittente: { tipo: 'B', codice: 'PPAYITR1XXX', denominazione: 'PayPal <Europe> & "Co"' },
  codiceBicBancaDiRiversamento: 'BCITITMM',
  istitutoRicevente: { tipo: 'G', codice: '80012345678', denominazione: "Comune dell'Aquila" },
  numeroTotalePagamenti: 2,
  importoTotalePagamenti: 16242,
  rows: [
    { index: 1, iuv: '01000000000000144', iur: 'IUR-0001', indiceDatiSingoloPagamento: 1, importo: 14792, esito: '0', dataEsito: '2024-07-25' },
    { index: 2, iuv: '01000000000000245', iur: 'IUR-0002', indiceDatiSingoloPagamento: 2, importo: 1450, esito: '3', dataEsito: '2024-07-25' },
  ],
};

const FR_1_0_4 = () => schema('pagopa-api', 'xsd-common', 'FlussoRiversamento_1_0_4.xsd');
const FR_P4PA = () => schema('p4pa-payhub-activities', 'xsd', 'FlussoRiversamento.xsd');

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** Valid flows: what the schema allows, including text that needs escaping. */
const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max, unit: fc.constantFrom(...'aZ09 &<>"\'-_.àè€'.split('')) }).filter((s) => s.trim() === s && s.trim().length >= min);
const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const arbitraryFr: fc.Arbitrary<ParsedFr> = fc
  .record({
    iuf: fc.stringMatching(/^[A-Za-z0-9_-]{1,35}$/),
    dataOraFlusso: date.map((d) => `${d}T12:34:56`),
    regolamento: text(1, 35),
    dataRegolamento: date,
    mittente: fc.record({ tipo: fc.constantFrom('G', 'A', 'B'), codice: text(1, 35), denominazione: fc.option(text(3, 70), { nil: undefined }) }),
    bic: fc.option(text(1, 35), { nil: undefined }),
    ricevente: fc.record({ codice: text(1, 35), denominazione: fc.option(text(1, 140), { nil: undefined }) }),
    rows: fc.array(
      fc.record({
        iuv: text(1, 35),
        iur: text(1, 35),
        indiceDatiSingoloPagamento: fc.integer({ min: 1, max: 5 }),
        importo: fc.integer({ min: 1, max: 99_999_999_999 }),
        esito: fc.constantFrom('0', '3', '9'),
        dataEsito: date,
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map((r) => {
    const fr: ParsedFr = {
      versioneOggetto: '1.0',
      identificativoFlusso: r.iuf,
      dataOraFlusso: r.dataOraFlusso,
      identificativoUnivocoRegolamento: r.regolamento,
      dataRegolamento: r.dataRegolamento,
      istitutoMittente: r.mittente.denominazione === undefined ? { tipo: r.mittente.tipo, codice: r.mittente.codice } : r.mittente,
      istitutoRicevente: r.ricevente.denominazione === undefined ? { tipo: 'G', codice: r.ricevente.codice } : { tipo: 'G', ...r.ricevente },
      numeroTotalePagamenti: r.rows.length,
      importoTotalePagamenti: Math.min(r.rows.reduce((s, x) => s + x.importo, 0), 99_999_999_999),
      rows: r.rows.map((row, i) => ({ index: i + 1, ...row })),
    };
    if (r.bic !== undefined) fr.codiceBicBancaDiRiversamento = r.bic;
    return fr;
  });

describe('buildFlussoRiversamento', () => {
  it('round-trips: parsing what it builds gives back the same flow', () => {
    expect(parseFlussoRiversamento(buildFlussoRiversamento(sample))).toEqual(sample);
  });

  it('round-trips any valid flow (property)', () => {
    fc.assert(
      fc.property(arbitraryFr, (fr) => {
        expect(parseFlussoRiversamento(buildFlussoRiversamento(fr))).toEqual(fr);
      }),
      { numRuns: 60 },
    );
  });

  it('writes amounts with two decimals and escapes text', () => {
    const xml = buildFlussoRiversamento(sample);
    expect(xml).toContain('<importoTotalePagamenti>162.42</importoTotalePagamenti>');
    expect(xml).toContain('<singoloImportoPagato>14.50</singoloImportoPagato>');
    expect(xml).toContain('PayPal &lt;Europe&gt; &amp; &quot;Co&quot;');
  });

  it.each([
    ['a stand-in esito with the pagoPA schema', { rows: [{ ...sample.rows[0], esito: '4' }] }, 'rows[1].esito'],
    ['revisioneFlusso with the pagoPA schema', { revisioneFlusso: 1 }, 'revisioneFlusso'],
    ['an amount of zero', { rows: [{ ...sample.rows[0], importo: 0 }] }, 'rows[1].importo'],
    ['a transfer index 6', { rows: [{ ...sample.rows[0], indiceDatiSingoloPagamento: 6 }] }, 'rows[1].indiceDatiSingoloPagamento'],
    ['a 36-character IUV', { rows: [{ ...sample.rows[0], iuv: 'x'.repeat(36) }] }, 'rows[1].iuv'],
    ['a sender name of 2 characters', { istitutoMittente: { tipo: 'B', codice: 'X', denominazione: 'ab' } }, 'istitutoMittente.denominazione'],
    ['an IUF with a slash', { identificativoFlusso: '2024/07/26' }, 'identificativoFlusso'],
    ['no rows', { rows: [] }, 'rows'],
    ['a date that does not exist', { dataRegolamento: '2024-02-30' }, 'dataRegolamento'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    const e = errorOf(() => buildFlussoRiversamento({ ...sample, ...change } as ParsedFr));
    expect([e.code, e.field]).toEqual(['FR_BUILD_INVALID', field]);
  });

  it('accepts stand-in esiti and revisioneFlusso with the p4pa schema, and they round-trip', () => {
    const fr: ParsedFr = { ...sample, revisioneFlusso: 2, rows: [{ ...sample.rows[0], esito: '4' }, { ...sample.rows[1], esito: '8' }] };
    expect(parseFlussoRiversamento(buildFlussoRiversamento(fr, { schema: 'p4pa' }))).toEqual(fr);
  });
});

describe('wrapNodoChiediFlussoRendicontazioneRisposta', () => {
  it('carries the flow base64-encoded, and the parser reads it back', () => {
    const wrapped = wrapNodoChiediFlussoRendicontazioneRisposta(buildFlussoRiversamento(sample));
    expect(wrapped).toMatch(/<xmlRendicontazione>[A-Za-z0-9+/=]+<\/xmlRendicontazione>/);
    expect(parseFlussoRiversamento(wrapped)).toEqual({ ...sample, envelope: { operation: 'nodoChiediFlussoRendicontazioneRisposta' } });
  });
});

const x = describeWithXmllint('FlussoRiversamento producer XSD validation');

x('FlussoRiversamento producer XSD validation', () => {
  it('builds flows valid against FlussoRiversamento_1_0_4.xsd', () => {
    expect(xmllintErrors(buildFlussoRiversamento(sample), FR_1_0_4())).toBe('');
    fc.assert(
      fc.property(arbitraryFr, (fr) => {
        expect(xmllintErrors(buildFlussoRiversamento(fr), FR_1_0_4())).toBe('');
      }),
      { numRuns: 8 },
    );
  });

  it('with the p4pa schema builds flows valid against the p4pa XSD, which the pagoPA XSD would refuse', () => {
    const fr: ParsedFr = { ...sample, revisioneFlusso: 1, rows: [{ ...sample.rows[0], esito: '8' }, sample.rows[1]] };
    const xml = buildFlussoRiversamento(fr, { schema: 'p4pa' });
    expect(xmllintErrors(xml, FR_P4PA())).toBe('');
    expect(xmllintErrors(xml, FR_1_0_4())).toContain('revisioneFlusso');
  });

  it('rebuilds the real 5-payment flow into a document that validates and parses back the same', () => {
    const original = parseFlussoRiversamento(fixture('reporting', 'fdr-xml-to-json', 'nodoInviaFlussoRendicontazione_morePayments.xmlRendicontazione.decoded.xml'));
    const xml = buildFlussoRiversamento(original);
    expect(xmllintErrors(xml, FR_1_0_4())).toBe('');
    expect(parseFlussoRiversamento(xml)).toEqual(original);
  });

  it('wraps the flow in a nodoChiediFlussoRendicontazioneRisposta valid against nodeForPa.xsd', () => {
    const wrapped = wrapNodoChiediFlussoRendicontazioneRisposta(buildFlussoRiversamento(sample));
    const operation = /<ppt:nodoChiediFlussoRendicontazioneRisposta>[\s\S]*<\/ppt:nodoChiediFlussoRendicontazioneRisposta>/.exec(wrapped)![0];
    const standalone = operation.replace('<ppt:nodoChiediFlussoRendicontazioneRisposta>', '<ppt:nodoChiediFlussoRendicontazioneRisposta xmlns:ppt="http://ws.pagamenti.telematici.gov/">');
    expect(xmllintErrors(standalone, schema('pagopa-api', 'wsdl', 'xsd', 'nodeForPa.xsd'))).toBe('');
  });
});
