import { DomainError } from '../../kernel/errors';
import { describeWithFixtures, fixture, fixtureText } from '../../../test/fixtures/reporting/support';
import { parseOpiGiornaleDiCassa } from './opi-giornale-di-cassa';

const d = describeWithFixtures('OPI giornale di cassa conformance on shared fixtures');

const sample = (name: string) => fixture('treasury', 'payhub-activities', name);

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

function fill(template: string, values: Record<string, string>): string {
  const out = template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = out.match(/\{\w+\}/g);
  if (left) throw new Error(`unfilled placeholders: ${left.join(', ')}`);
  return out;
}

d('OPI giornale di cassa conformance on shared fixtures', () => {
  /** The two SOSPESO ENTRATA credits every VALID sample carries (the MANDATO/USCITA ones are ignored). */
  const credits = [
    {
      source: 'OPI',
      key: 'OPI:03069:0000005:2022:74056:64422:0',
      esercizio: 2022,
      numeroBolletta: '0074056',
      dataContabile: '2022-09-29',
      dataValuta: '2022-09-29',
      importo: 501587,
      segno: '+',
      conto: '0000005',
      abi: '03069',
      ordinante: 'TEST 3',
      causale: 'MUTUO 620184257 CUP H94G19030460029 TRXID: 0122492727202545 VIA MILANO 4',
      causaleKind: 'none',
      numeroDocumento: '0064422',
      tipoDocumento: 'SOSPESO ENTRATA',
      tipoOperazione: 'ESEGUITO',
    },
    {
      source: 'OPI',
      key: 'OPI:03069:0000005:2022:74060:64426:0',
      esercizio: 2022,
      numeroBolletta: '0074060',
      dataContabile: '2022-09-29',
      dataValuta: '2022-09-29',
      importo: 427620,
      segno: '+',
      conto: '0000005',
      abi: '03069',
      ordinante: 'TEST 5',
      causale: 'MUTUO 636278330 CUP H92H19401690074 TRXID: 0122092627273243 VIA MILANO 4',
      causaleKind: 'none',
      numeroDocumento: '0064426',
      tipoDocumento: 'SOSPESO ENTRATA',
      tipoOperazione: 'ESEGUITO',
    },
  ];

  it('V_1_4.VALID: OPI 1.4 by its reference period; the 2 credits read, the 2 MANDATO counted as ignored', () => {
    const parsed = parseOpiGiornaleDiCassa(sample('OPI_GIORNALE_DI_CASSA_V_1_4.VALID.xml'));
    expect([parsed.version, parsed.compatibleVersions]).toEqual(['1.4', ['1.4']]);
    expect(parsed.movements).toEqual(credits);
    expect(parsed.ignored).toEqual({ count: 2, byReason: { 'USCITA MANDATO': 2 } });
    expect(parsed).toMatchObject({
      abiBT: '03069',
      codiceEnte: 'ABC1DE',
      codiceFiscaleEnte: '06144260707',
      identificativoFlussoBT: 'GDC-202209302022202209291010285#001#001',
      pagina: 1,
      pagineTotali: 2,
      esercizio: 2022,
      periodo: { dal: '2022-01-01', al: '2022-12-31' },
      warnings: [],
    });
  });

  it.each(['OPI_GIORNALE_DI_CASSA_V_1_6_1.VALID.xml', 'OPI_GIORNALE_DI_CASSA_V_1_7_1.VALID.xml', 'OPI_GIORNALE_DI_CASSA_V_1_8.VALID.xml'])(
    '%s: the 1.6.1+ layout, valid under 1.6.1, 1.7.1 and 1.8 alike, with the same credits as the 1.4 sample',
    (file) => {
      const parsed = parseOpiGiornaleDiCassa(sample(file));
      expect([parsed.version, parsed.compatibleVersions]).toEqual(['1.6.1', ['1.6.1', '1.7.1', '1.8']]);
      expect(parsed.movements).toEqual(credits);
      expect(parsed.ignored).toEqual({ count: 2, byReason: { 'USCITA MANDATO': 2 } });
      expect(parsed.dataRiferimento).toBe('2022-09-29');
      expect(parsed.warnings).toEqual([]);
    },
  );

  // V_1_4.INVALID and V_1_6_1.INVALID are the same XSD-generated filler. Its schema faults (lower-case country
  // codes of cliente/delegato) are in fields Quadra does not read, and it holds no credit: it is read as the 1.4
  // layout it has (whatever its file name says), its one USCITA counted, its inverted period flagged.
  it.each(['OPI_GIORNALE_DI_CASSA_V_1_4.INVALID.xml', 'OPI_GIORNALE_DI_CASSA_V_1_6_1.INVALID.xml'])('%s: filler read as 1.4, nothing to import, the odd period flagged', (file) => {
    const parsed = parseOpiGiornaleDiCassa(sample(file));
    expect(parsed.version).toBe('1.4');
    expect(parsed.movements).toEqual([]);
    expect(parsed.ignored).toEqual({ count: 1, byReason: { 'USCITA GIROCONTO': 1 } });
    expect(parsed.warnings).toEqual([expect.objectContaining({ code: 'PERIOD_INVERTED' })]);
    expect(parsed.periodo).toEqual({ dal: '2017-06-07', al: '2014-12-04' });
  });

  // V_1_7_1.INVALID and V_1_8.INVALID differ from the VALID sample only by <pagina>0</pagina>: refused, because the
  // page number is how a multi-page journal is known to be complete.
  it.each(['OPI_GIORNALE_DI_CASSA_V_1_7_1.INVALID.xml', 'OPI_GIORNALE_DI_CASSA_V_1_8.INVALID.xml'])('%s: page 0 is refused with a clear error', (file) => {
    const e = errorOf(() => parseOpiGiornaleDiCassa(sample(file)));
    expect([e.code, e.field]).toEqual(['OPI_INVALID_PAGE', 'pagina']);
    expect(e.message).toContain('numbered from 1');
  });

  describe('p4pa feature-test templates', () => {
    const treasuryOpi = () => fixtureText('treasury', 'p4pa-pu-feature-test', 'treasury_opi.xml');
    const values = {
      flow_date_time: '2025-05-21T02:00:00',
      org_code: 'ABC1DE',
      org_name: 'COMUNE DI PROVA',
      org_istat_code: '012345678',
      org_fiscal_code: '80012345678',
      org_bt_code: '1316225',
      bt_flow_id: 'GDC-202505212025052110102850#001#001',
      bill_year: '2025',
      date: '2025-05-20',
      flow_account_id: '00320250521023144',
      account_movement_number: '205',
      document_code: '64422',
      actual_suspension_date: '2025-05-20',
      management_provisional_code: '0000099999',
      bill_amount: '1500.00',
      bill_code: '74056',
      bill_date: '2025-05-20',
      region_value_date: '2025-05-21',
      end_to_end_id: 'E2E-0001',
      psp_last_name: 'UNICREDIT SPA',
      remittance_description: '/PUR/LGPE-RIVERSAMENTO/URI/2025-05-20UNCRITMM-0001',
    };

    it('treasury_opi.xml unfilled is refused on its first unusable field', () => {
      const e = errorOf(() => parseOpiGiornaleDiCassa(treasuryOpi()));
      expect([e.code, e.field]).toEqual(['OPI_INVALID_VALUE', 'esercizio']);
    });

    it('treasury_opi.xml filled: the IUF of the causale wins over the truncated one in identificativo_end_to_end', () => {
      const parsed = parseOpiGiornaleDiCassa(fill(treasuryOpi(), values));
      expect(parsed.compatibleVersions).toEqual(['1.6.1', '1.7.1', '1.8']);
      expect(parsed.movements).toEqual([
        expect.objectContaining({
          key: 'OPI:03030:1234567:2025:74056:64422:0',
          importo: 150000,
          segno: '+',
          dataContabile: '2025-05-20',
          dataValuta: '2025-05-21',
          ordinante: 'UNICREDIT SPA',
          iuf: '2025-05-20UNCRITMM-0001',
          causaleKind: 'cumulative',
          endToEndId: 'E2E-0001',
        }),
      ]);
    });

    it('treasury_opi.xml filled with a causale without IUF: the truncated ".PUR.LGPE-RIVERSAMENTO.URI.2025-05-" gives none', () => {
      const parsed = parseOpiGiornaleDiCassa(fill(treasuryOpi(), { ...values, remittance_description: 'ACCREDITO VARIO' }));
      expect(parsed.movements[0].causaleKind).toBe('none');
      expect(parsed.movements[0].iuf).toBeUndefined();
    });

    it('flusso_tesoreria_opi_con_iuf.xml filled: the IUF is read from the causale', () => {
      const xml = fill(fixtureText('treasury', 'p4pa-pu-feature-test', 'flusso_tesoreria_opi_con_iuf.xml'), {
        cod_abi_BT: '03069',
        data_ora_flusso: '2025-05-21T02:00:00',
        cod_ente: 'ABC1DE',
        desc_ente: 'COMUNE DI PROVA',
        cod_istat_ente: '012345678',
        cod_fiscale_ente: '80012345678',
        cod_tramite_ente: 'A2A-12345678',
        cod_tramite_BT: 'A2A-87654321',
        cod_ente_BT: '1316225',
        identificativo_flusso_BT: 'GDC-202505212025052110102851#001#001',
        anno_esercizio: '2025',
        data_riferimento_GdC: '2025-05-20',
        identificativo_flusso_conto: '00320250521023145',
        numero_movimento_conto: '7',
        numero_documento: '1001',
        data_effettiva_sospeso: '2025-05-20',
        progressivo_documento: '0',
        importo: '35.50',
        numero_bolletta_quietanza: '5001',
        data_movimento: '2025-05-20',
        data_movimento_siope: '2025-05-20',
        data_valuta_ente: '2025-05-20',
        anagrafica_cliente: 'POSTE ITALIANE',
        causale: 'RI1/PUR/LGPE-RIVERSAMENTO/URI/2025-05-20BPPIITRRXXX-000038102790 ACCREDITO BOLLETTINO P.A.',
      });
      const parsed = parseOpiGiornaleDiCassa(xml);
      expect(parsed.movements.map((m) => [m.iuf, m.importo, m.numeroBolletta])).toEqual([['2025-05-20BPPIITRRXXX-000038102790', 3550, '5001']]);
    });
  });
});
