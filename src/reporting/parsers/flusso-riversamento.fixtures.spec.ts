import { DomainError } from '../../kernel/errors';
import { describeWithFixtures, fixture, fixtureText } from '../../../test/fixtures/reporting/support';
import { checkFr } from './check-fr';
import { parseFlussoRiversamento } from './flusso-riversamento';
import { parseIuf } from './iuf';

const d = describeWithFixtures('FlussoRiversamento conformance on shared fixtures');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
}

/** Fills a {placeholder} template and checks none is left, so a forgotten one cannot pass unnoticed. */
function fill(template: string, values: Record<string, string>): string {
  const out = template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = out.match(/\{\w+\}/g);
  if (left) throw new Error(`unfilled placeholders: ${left.join(', ')}`);
  return out;
}

d('FlussoRiversamento conformance on shared fixtures', () => {
  const withoutEnvelope = <T extends { envelope?: unknown }>(fr: T) => ({ ...fr, envelope: undefined });

  describe('fdr-xml-to-json: nodoInviaFlussoRendicontazione with 5 payments', () => {
    const soap = () => parseFlussoRiversamento(fixture('reporting', 'fdr-xml-to-json', 'nodoInviaFlussoRendicontazione_morePayments.xml'));

    it('decodes the same flow as the decoded sibling file, plus the envelope', () => {
      const decoded = parseFlussoRiversamento(fixture('reporting', 'fdr-xml-to-json', 'nodoInviaFlussoRendicontazione_morePayments.xmlRendicontazione.decoded.xml'));
      expect(withoutEnvelope(soap())).toEqual({ ...decoded, envelope: undefined });
      expect(soap().envelope).toEqual({
        operation: 'nodoInviaFlussoRendicontazione',
        identificativoPSP: '60000000001',
        identificativoDominio: '15376371009',
        identificativoFlusso: '2025-03-1860000000001-S459321233',
        dataOraFlusso: '2025-03-18T08:39:23',
      });
    });

    it('reads 5 payments of 100.00 with esito 0 and consistent totals', () => {
      const fr = soap();
      expect(fr.rows).toHaveLength(5);
      expect(fr.rows.map((r) => [r.importo, r.esito, r.indiceDatiSingoloPagamento])).toEqual(Array(5).fill([10000, '0', 1]));
      expect(fr.rows[0]).toEqual({ index: 1, iuv: '68274385248907691', iur: 'IUR90482988578893672', indiceDatiSingoloPagamento: 1, importo: 10000, esito: '0', dataEsito: '2025-03-18' });
      expect([fr.numeroTotalePagamenti, fr.importoTotalePagamenti]).toEqual([5, 50000]);
      expect(fr.istitutoRicevente).toEqual({ tipo: 'G', codice: '15376371009', denominazione: "AGSM ENERGIA S.R.L. SOCIETA' UNIPERSONAL E" });
      expect(checkFr(fr, { expectedCfEnte: '15376371009' })).toEqual([]);
    });

    it('has an IUF in the documented shape', () => {
      expect(parseIuf(soap().identificativoFlusso)).toEqual({
        iuf: '2025-03-1860000000001-S459321233',
        conforming: true,
        date: '2025-03-18',
        idPsp: '60000000001',
        progressivo: 'S459321233',
      });
    });
  });

  describe('fdr-xml-to-json: nodoInviaFlussoRendicontazione with 1 payment', () => {
    it('keeps the unresolved generator placeholders as IUV/IUR (the schema allows any text) and flags the envelope', () => {
      const fr = parseFlussoRiversamento(fixture('reporting', 'fdr-xml-to-json', 'nodoInviaFlussoRendicontazione.xml'));
      expect(fr.rows).toEqual([{ index: 1, iuv: '${utils.stringGen(14)}', iur: '${utils.stringGen(10)}', indiceDatiSingoloPagamento: 1, importo: 1000, esito: '9', dataEsito: '2017-07-17' }]);
      // The envelope is addressed to dominio 15376371009 while the flow inside is for ente 99999999999.
      expect(checkFr(fr, { expectedCfEnte: '99999999999' })).toEqual([
        expect.objectContaining({ code: 'ENVELOPE_MISMATCH', field: 'identificativoDominio', envelope: '15376371009', flow: '99999999999' }),
      ]);
    });
  });

  describe('wisp-soap-converter: the Banca Sella flow with 12 identical rows', () => {
    const fr = () => parseFlussoRiversamento(fixture('reporting', 'wisp-soap-converter', 'nodoChiediFlussoRendicontazioneRisposta_OK.xml'));

    it('reads all 12 rows, exactly as the decoded sibling file', () => {
      const decoded = parseFlussoRiversamento(fixture('reporting', 'wisp-soap-converter', 'nodoChiediFlussoRendicontazioneRisposta_OK.xmlRendicontazione.decoded.xml'));
      expect(fr().rows).toHaveLength(12);
      expect(withoutEnvelope(fr())).toEqual({ ...decoded, envelope: undefined });
      expect(fr().envelope).toEqual({ operation: 'nodoChiediFlussoRendicontazioneRisposta' });
    });

    it('reports the count mismatch, the amount mismatch and the duplicate rows with their numbers', () => {
      const anomalies = checkFr(fr(), { expectedCfEnte: '99999999999' });
      expect(anomalies).toEqual([
        expect.objectContaining({ code: 'TOTAL_COUNT_MISMATCH', declared: 1, computed: 12 }),
        expect.objectContaining({ code: 'TOTAL_AMOUNT_MISMATCH', declared: 99900, computed: 1198800, difference: 1098900 }),
        expect.objectContaining({
          code: 'DUPLICATE_ROW',
          iuv: '123456789112345',
          iur: '1730326800010819867',
          indiceDatiSingoloPagamento: 1,
          rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        }),
      ]);
    });

    it('has an IUF that is not in the documented shape (a test station id) but is still read', () => {
      expect(parseIuf(fr().identificativoFlusso)).toMatchObject({ date: '2023-04-01', idPsp: 'nodo-doc-dev', progressivo: '16818090899' });
    });
  });

  it('wisp-soap-converter KO answer: reports the Node fault PPT_ID_FLUSSO_SCONOSCIUTO', () => {
    expect(codeOf(() => parseFlussoRiversamento(fixture('reporting', 'wisp-soap-converter', 'nodoChiediFlussoRendicontazioneRisposta_KO.xml')))).toBe('FR_NODE_FAULT');
  });

  it.each([
    ['nodoChiediElencoFlussiRendicontazioneRisposta_OK.xml', 'a list of flows, not a flow'],
    ['nodoChiediFlussoRendicontazione.xml', 'the request, not the answer'],
  ])('wisp-soap-converter %s is refused: it is %s', (file) => {
    expect(codeOf(() => parseFlussoRiversamento(fixture('reporting', 'wisp-soap-converter', file)))).toBe('FR_WRONG_ROOT');
  });

  describe('templates', () => {
    it('wisp-soap-converter rendicontazione.xml: refused unfilled, read once filled', () => {
      const template = fixtureText('reporting', 'wisp-soap-converter', 'rendicontazione.xml');
      expect(codeOf(() => parseFlussoRiversamento(template))).toBe('FR_INVALID_VALUE');
      const fr = parseFlussoRiversamento(
        fill(template, { idflusso: '2024-07-26SELBIT2B-0001', dataoraflussoallegato: '2024-07-26T08:00:00', date: '2024-07-26', istitutoMittente: 'SELBIT2B', denominazioneMittente: 'Banca Sella' }),
      );
      expect(fr.rows).toEqual([{ index: 1, iuv: '123456789112345', iur: '1730326800010819867', indiceDatiSingoloPagamento: 1, importo: 99900, esito: '9', dataEsito: '2017-07-17' }]);
      expect(checkFr(fr, { expectedCfEnte: '99999999999' })).toEqual([]);
    });

    it('wisp-soap-converter nodoInviaFlussoRendicontazione.xml: refused with text that is not base64, read with a base64 flow', () => {
      const template = fixtureText('reporting', 'wisp-soap-converter', 'nodoInviaFlussoRendicontazione.xml');
      const values = { psp: 'SELBIT2B', brokerPsp: 'SELBIT2B', channel: 'SELBIT2B_01', channelPwd: 'secret', pa: '99999999999', idflusso: '2024-07-26SELBIT2B-0001', dataoraflussobusta: '2024-07-26T08:00:00' };
      expect(codeOf(() => parseFlussoRiversamento(fill(template, { ...values, rendicontazione: 'not base64!' })))).toBe('FR_NOT_BASE64');
      const inner = fill(fixtureText('reporting', 'wisp-soap-converter', 'rendicontazione.xml'), {
        idflusso: '2024-07-26SELBIT2B-0001',
        dataoraflussoallegato: '2024-07-26T08:00:00',
        date: '2024-07-26',
        istitutoMittente: 'SELBIT2B',
        denominazioneMittente: 'Banca Sella',
      });
      const fr = parseFlussoRiversamento(fill(template, { ...values, rendicontazione: Buffer.from(inner).toString('base64') }));
      expect(fr.envelope).toMatchObject({ identificativoPSP: 'SELBIT2B', identificativoDominio: '99999999999', identificativoFlusso: '2024-07-26SELBIT2B-0001' });
      expect(checkFr(fr, { expectedCfEnte: '99999999999' })).toEqual([]);
    });

    const p4paValues = (n: number) => ({
      identificativo_flusso: '2025-05-20UNCRITMM-0001',
      data_ora_flusso: '2025-05-20T09:00:00',
      identificativo_univoco_regolamento: 'SCT-UNCRITMM-1',
      data_regolamento: '2025-05-20',
      tipo_identificativo_univoco_mittente: 'B',
      codice_identificativo_univoco_mittente: 'UNCRITMM',
      denominazione_mittente: 'UniCredit',
      tipo_identificativo_univoco_ricevente: 'G',
      codice_identificativo_univoco_ricevente: '80012345678',
      numero_totale_pagamenti: String(n),
      importo_totale_pagamenti: n === 1 ? '25.00' : '35.50',
      codice_esito_singolo_pagamento: '0',
      data_esito_singolo_pagamento: '2025-05-19',
    });

    it('p4pa flusso_rendicontazione.xml, filled: one payment', () => {
      const xml = fill(fixtureText('reporting', 'p4pa-pu-feature-test', 'flusso_rendicontazione.xml'), {
        ...p4paValues(1),
        iuv: '01000000000000144',
        iur: 'IUR1',
        indice_dati_singolo_pagamento: '1',
        singolo_importo_pagato: '25.00',
      });
      const fr = parseFlussoRiversamento(xml);
      expect(fr.rows).toEqual([{ index: 1, iuv: '01000000000000144', iur: 'IUR1', indiceDatiSingoloPagamento: 1, importo: 2500, esito: '0', dataEsito: '2025-05-19' }]);
      expect(checkFr(fr, { expectedCfEnte: '80012345678' })).toEqual([]);
    });

    it('p4pa flusso_rendicontazione_2_pagamenti.xml, filled with a wrong total: the mismatch is reported, not thrown', () => {
      const xml = fill(fixtureText('reporting', 'p4pa-pu-feature-test', 'flusso_rendicontazione_2_pagamenti.xml'), {
        ...p4paValues(2),
        iuv_1: '01000000000000144',
        iur_1: 'IUR1',
        indice_dati_singolo_pagamento_1: '1',
        singolo_importo_pagato_1: '25.00',
        iuv_2: '01000000000000245',
        iur_2: 'IUR2',
        indice_dati_singolo_pagamento_2: '2',
        singolo_importo_pagato_2: '10.00',
      });
      const fr = parseFlussoRiversamento(xml);
      expect(fr.rows.map((r) => [r.iuv, r.indiceDatiSingoloPagamento, r.importo])).toEqual([
        ['01000000000000144', 1, 2500],
        ['01000000000000245', 2, 1000],
      ]);
      expect(checkFr(fr)).toEqual([expect.objectContaining({ code: 'TOTAL_AMOUNT_MISMATCH', declared: 3550, computed: 3500 })]);
    });

    it('p4pa payment_reporting.xml with data_single_payment.xml rows: revisioneFlusso and the stand-in esiti 4 and 8', () => {
      const rowTemplate = fixtureText('reporting', 'p4pa-pu-feature-test', 'data_single_payment.xml');
      const rows = [
        { iuv: '01000000000000144', iur: 'IUR1', transfer_index: '1', amount_paid: '10.00', payment_outcome_code: '4', payment_date: '2025-05-19' },
        { iuv: '01000000000000245', iur: 'IUR2', transfer_index: '1', amount_paid: '5.25', payment_outcome_code: '8', payment_date: '2025-05-19' },
      ].map((r) => fill(rowTemplate, r));
      const xml = fill(fixtureText('reporting', 'p4pa-pu-feature-test', 'payment_reporting.xml'), {
        iuf: '2025-05-20UNCRITMM-0002',
        flow_date_time: '2025-05-20T09:00:00',
        regulation_unique_identifier: 'SCT-2',
        regulation_date: '2025-05-20',
        sender_psp_type: 'B',
        sender_psp_code: 'UNCRITMM',
        sender_psp_name: 'UniCredit',
        receiver_organization_type: 'G',
        receiver_organization_code: '80012345678',
        receiver_organization_name: 'Comune di Prova',
        total_payments: '2',
        total_amount: '15.25',
        data_payments: rows.join('\n'),
      });
      const fr = parseFlussoRiversamento(xml);
      expect(fr.revisioneFlusso).toBe(1);
      expect(fr.rows.map((r) => [r.esito, r.importo])).toEqual([
        ['4', 1000],
        ['8', 525],
      ]);
      expect(checkFr(fr, { expectedCfEnte: '80012345678' })).toEqual([]);
    });
  });
});
