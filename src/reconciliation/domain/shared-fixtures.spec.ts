import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { eurosToCents } from '../../kernel/money';
import { InMemoryReconciliationState } from './in-memory-state';
import { iufKey, paymentKey, refId } from './keys';
import type { EsitoSingoloPagamento, FrRow, ReconciliationSource, ReportingFlow } from './sources';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const F = path.resolve(ROOT, '..', 'shared', 'fixtures');
const d = fs.existsSync(F) ? describe : describe.skip;
if (!fs.existsSync(F)) console.log('SKIP: reconciliation shared fixtures: shared/fixtures not found');

const ENTE = 'C_FIXTURE';
const NOTIFICATIONS_OFF = { notificationsEnabled: false, treasuryLoaded: true };

/** Just enough FlussoRiversamento reading for these tests (the real parser belongs to the reporting feature). */
function readFr(file: string): ReportingFlow {
  const xml = fs.readFileSync(path.join(F, file), 'utf8');
  const fr = new XMLParser({ parseTagValue: false, removeNSPrefix: true, isArray: (name) => name === 'datiSingoliPagamenti' }).parse(xml).FlussoRiversamento;
  const iuf: string = fr.identificativoFlusso;
  const rows: FrRow[] = fr.datiSingoliPagamenti.map((p: Record<string, string>, i: number) => ({
    iuf,
    rowIndex: i + 1,
    iuv: p.identificativoUnivocoVersamento,
    iur: p.identificativoUnivocoRiscossione,
    transferIndex: Number(p.indiceDatiSingoloPagamento),
    amount: eurosToCents(p.singoloImportoPagato),
    esito: p.codiceEsitoSingoloPagamento as EsitoSingoloPagamento,
    dataEsito: p.dataEsitoSingoloPagamento,
  }));
  return {
    codIpa: ENTE,
    header: {
      iuf,
      idPSP: fr.istitutoMittente.identificativoUnivocoMittente.codiceIdentificativoUnivoco,
      totalAmount: eurosToCents(fr.importoTotalePagamenti),
      dataRegolamento: fr.dataRegolamento,
      identificativoUnivocoRegolamento: fr.identificativoUnivocoRegolamento,
      dataOraFlusso: fr.dataOraFlusso,
    },
    rows,
  };
}

const at = '2025-03-20T10:00:00Z';
const frSource = (flow: ReportingFlow): ReconciliationSource => ({ type: 'reportingFlow', id: `fr-${flow.header.iuf}`, recordedAt: at, data: flow });
const receiptFor = (r: FrRow): ReconciliationSource => ({
  type: 'receipt',
  id: `rt-${r.iuv}-${r.iur}`,
  recordedAt: at,
  data: { codIpa: ENTE, iuv: r.iuv, iur: r.iur, transferIndex: r.transferIndex, amount: r.amount, totalAmount: r.amount, outcome: 'OK', dataEsito: r.dataEsito },
});
const riversamento = (iuf: string, amount: number): ReconciliationSource => ({
  type: 'treasuryMovement',
  id: `tes-${iuf}-${amount}`,
  recordedAt: at,
  data: { codIpa: ENTE, movementId: `GDC-${amount}`, amount, iuf, dataValuta: '2025-03-19', dataContabile: '2025-03-19', causale: `/PUR/LGPE-RIVERSAMENTO/URI/${iuf}` },
});

d('reconciliation of real pagoPA FlussoRiversamento samples', () => {
  const morePayments = 'reporting/fdr-xml-to-json/nodoInviaFlussoRendicontazione_morePayments.xmlRendicontazione.decoded.xml';

  it('five receipts reported in one FR cashed with one 500.00 riversamento: every payment RT_IUF and RT_IUF_TES, the FR clean', () => {
    const fr = readFr(morePayments);
    expect(fr.rows).toHaveLength(5);
    expect(fr.header.totalAmount).toBe(50000);
    const state = new InMemoryReconciliationState();
    [frSource(fr), ...fr.rows.map(receiptFor), riversamento(fr.header.iuf, 50000)].forEach((s) => state.apply(s));
    const all = state.classifyAll(NOTIFICATIONS_OFF);
    for (const r of fr.rows) {
      expect(all.get(refId({ kind: 'payment', key: paymentKey(ENTE, r.iuv, r.iur, 1) }))?.map((c) => c.code)).toEqual(['RT_IUF_TES', 'RT_IUF']);
    }
    expect(all.has(refId({ kind: 'flow', key: iufKey(ENTE, fr.header.iuf) }))).toBe(false);
  });

  it('the same FR riversato 1 cent short, with one receipt missing: IUF_TES_DIV_IMP on the FR, IUV_NO_RT on the unpaid row', () => {
    const fr = readFr(morePayments);
    const state = new InMemoryReconciliationState();
    [frSource(fr), ...fr.rows.slice(1).map(receiptFor), riversamento(fr.header.iuf, 49999)].forEach((s) => state.apply(s));
    const all = state.classifyAll(NOTIFICATIONS_OFF);
    const [missing, paid] = fr.rows;
    expect(all.get(refId({ kind: 'payment', key: paymentKey(ENTE, missing.iuv, missing.iur, 1) }))?.map((c) => c.code)).toEqual(['IUV_NO_RT']);
    expect(all.get(refId({ kind: 'payment', key: paymentKey(ENTE, paid.iuv, paid.iur, 1) }))?.map((c) => c.code)).toEqual(['RT_IUF']);
    const flowCodes = all.get(refId({ kind: 'flow', key: iufKey(ENTE, fr.header.iuf) }));
    expect(flowCodes?.map((c) => c.code)).toEqual(['IUF_TES_DIV_IMP']);
    expect(flowCodes?.[0].reason).toContain('total 500.00 ≠ treasury by IUF 499.99');
  });

  it('an FR repeating one esito 9 row twelve times (header says 1 payment, 999.00): one key, each code once, no DOPPI', () => {
    const fr = readFr('reporting/wisp-soap-converter/nodoChiediFlussoRendicontazioneRisposta_OK.xmlRendicontazione.decoded.xml');
    expect(fr.rows).toHaveLength(12);
    const state = new InMemoryReconciliationState();
    [frSource(fr), receiptFor(fr.rows[0]), riversamento(fr.header.iuf, 99900)].forEach((s) => state.apply(s));
    const key = refId({ kind: 'payment', key: paymentKey(ENTE, fr.rows[0].iuv, fr.rows[0].iur, 1) });
    const all = state.classifyAll(NOTIFICATIONS_OFF);
    expect(all.get(key)?.map((c) => c.code)).toEqual(['RT_IUF_TES', 'RT_IUF']);
    expect([...all.keys()]).toEqual([key]);
  });
});
