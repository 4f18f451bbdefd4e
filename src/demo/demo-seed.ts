import { buildPaGetPaymentV2Request } from '../pagopa/soap/pa-get-payment-v2';
import { buildPaVerifyPaymentNoticeRequest } from '../pagopa/soap/pa-verify-payment-notice';
import { buildEndOfDay, type EndOfDayAnomalies } from '../simulator/end-of-day';
import { NodeSimulator } from '../simulator/node-simulator';
import { SoapClient } from '../simulator/soap-client';
import { DEMO_ENTE, DEMO_OPERATOR, DEMO_TIPI, demoPayer } from './demo-data';
import { pagatiNotificatiZip, type DemoNotifiedPayment } from './demo-pagati';

export interface DemoOptions {
  /** A running Quadra, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  adminToken: string;
  /** How many dovuti; a share of them is paid, cancelled, modified (default 300). */
  positions?: number;
  log?: (line: string) => void;
  /**
   * Runs the daily expiry command for dovuti already past their due date (there is no REST route for it: in process
   * only, see demo-expiry.ts). Left out, the overdue dovuti stay open.
   */
  expire?: (codIpa: string, iuds: readonly string[], today: string) => Promise<number>;
}

export interface DemoSummary {
  alreadySeeded: boolean;
  codIpa: string;
  operator: { username: string; password: string };
  created: number;
  paid: number;
  cancelled: number;
  modified: number;
  /** Payments started at a PSP (paGetPayment) and never completed: "pagamento in corso". */
  pending: number;
  /** Created overdue; expired when `expire` was given. */
  overdue: number;
  expired: number;
  /** The accertamenti made from cashed payments: one closed (its payments become assessed), one left open. */
  accertamenti: { id: string; stato: 'CHIUSO' | 'APERTO'; payments: number }[];
  reportingFlows: number;
  treasuryFiles: number;
  /** Paid dovuti the ente's gestionale notified ("pagati notificati"), and those it has not registered yet. */
  notified: number;
  notNotified: number;
  anomalies: string[];
}

/** The anomalies the end of day injects, so that the Anomalie view has something to show. */
const DEMO_ANOMALIES: EndOfDayAnomalies = { missingFrRow: 3, wrongAmount: 1, duplicateReport: 1, missingRiversamento: 1, riversamentoDifferentAmount: 1, movementWithoutCausale: 1 };

/**
 * Seeds a demo ente through the public API only, as a real ente's gestionale and the pagoPA Node would: tipi
 * dovuto, an operator, dovuti in every state the API can produce, payments over the SOAP endpoint (the built-in
 * Node simulator), then the day's FRs and the treasury journal, which the reconciliation process classifies.
 */
export async function seedDemo(o: DemoOptions): Promise<DemoSummary> {
  const log = o.log ?? (() => undefined);
  const base = o.baseUrl.replace(/\/$/, '');
  const ente = `${base}/api/v1/enti/${DEMO_ENTE.codIpa}`;
  const auth = { Authorization: `Bearer ${o.adminToken}` };
  const call = async (method: string, url: string, body?: unknown, expect: number[] = [200, 201, 202]) => {
    const res = await fetch(url, { method, headers: { ...auth, ...(body !== undefined && { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`demo: ${method} ${url.slice(base.length)} → HTTP ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, body: text ? JSON.parse(text) : undefined, position: res.headers.get('x-quadra-position') ?? undefined };
  };
  const upload = async (url: string, name: string, content: string | Uint8Array) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: typeof content === 'string' ? 'application/xml' : 'application/zip' }), name);
    const res = await fetch(url, { method: 'POST', headers: auth, body: form });
    if (!res.ok) throw new Error(`demo: upload ${name} → HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  };

  const summary: DemoSummary = { alreadySeeded: false, codIpa: DEMO_ENTE.codIpa, operator: { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password }, created: 0, paid: 0, cancelled: 0, modified: 0, pending: 0, overdue: 0, expired: 0, accertamenti: [], reportingFlows: 0, treasuryFiles: 0, notified: 0, notNotified: 0, anomalies: [] };
  if ((await call('GET', ente, undefined, [200, 404])).status === 200) return { ...summary, alreadySeeded: true };

  log(`demo: registering ${DEMO_ENTE.denominazione} (${DEMO_ENTE.codIpa}) with its tipi dovuto and the operator "${DEMO_OPERATOR.username}"`);
  await call('POST', `${base}/api/v1/enti`, DEMO_ENTE);
  for (const t of DEMO_TIPI) await call('PUT', `${ente}/tipi-dovuto/${t.codTipo}`, t.body);
  await call('POST', `${ente}/operatori`, DEMO_OPERATOR);
  // The demo ente's gestionale notifies what it registers as paid: reconciled then means RT, FR, treasury and the
  // ente's own books agree, and a payment still missing from its books rests in 'cashed'.
  await call('PUT', `${ente}/riconciliazione/impostazioni`, { notificheAttive: true });

  const n = o.positions ?? 300;
  log(`demo: creating ${n} dovuti`);
  const avvisi: { iud: string; numeroAvviso: string; tipoDovuto: string; causale: string; payer: ReturnType<typeof demoPayer> }[] = [];
  const year = new Date().getUTCFullYear();
  for (let i = 0; i < n; i++) {
    const tipo = i % 5 === 4 ? 'CIMITERO' : 'TARI';
    const causale = tipo === 'TARI' ? `TARI ${year} rata ${(i % 3) + 1}` : `Lampada votiva ${year} loculo ${100 + i}`;
    const payer = demoPayer(i);
    const r = await call('POST', `${ente}/dovuti`, {
      iud: `${tipo}-${year}-${String(i + 1).padStart(5, '0')}`,
      tipoDovuto: tipo,
      importo: (((i * 7919) % 40000) / 100 + 15).toFixed(2),
      dataScadenza: `${year + 1}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      causale,
      pagatore: payer,
    });
    avvisi.push({ iud: r.body.iud, numeroAvviso: r.body.numeroAvviso, tipoDovuto: tipo, causale, payer });
  }
  summary.created = n;

  // Dovuti whose due date has passed unpaid (a month ago, a fifth of them by cancellation rate), then expired.
  const overdue = Math.max(2, Math.round(n / 50));
  const pastDue = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const overdueIuds: string[] = [];
  for (let i = 0; i < overdue; i++) {
    const r = await call('POST', `${ente}/dovuti`, {
      iud: `TARI-${year}-S${String(i + 1).padStart(4, '0')}`,
      tipoDovuto: 'TARI',
      importo: (((i * 3571) % 20000) / 100 + 30).toFixed(2),
      dataScadenza: pastDue,
      causale: `TARI ${year} acconto (scaduto)`,
      pagatore: demoPayer(n + i),
    });
    overdueIuds.push(r.body.iud);
  }
  summary.overdue = overdue;
  if (o.expire) {
    summary.expired = await o.expire(DEMO_ENTE.codIpa, overdueIuds, new Date().toISOString().slice(0, 10));
    log(`demo: ${summary.expired} overdue dovuti expired by the daily expiry command`);
  }

  // Shares: two thirds paid, 1 in 15 cancelled, 1 in 20 modified and left open, 1 in 15 with a payment in progress, the rest open.
  const toPay = avvisi.filter((_, i) => i % 3 !== 2);
  const rest = avvisi.filter((_, i) => i % 3 === 2);
  const toCancel = rest.filter((_, i) => i % 5 === 0);
  const toModify = rest.filter((_, i) => i % 5 === 1);
  const toStart = rest.filter((_, i) => i % 5 === 2);
  for (const a of toCancel) await call('DELETE', `${ente}/dovuti/${encodeURIComponent(a.iud)}`, { motivo: 'Cessata occupazione (demo)' });
  for (const a of toModify) await call('PUT', `${ente}/dovuti/${encodeURIComponent(a.iud)}`, { causale: 'Rata ricalcolata dopo riesame (demo)' });
  summary.cancelled = toCancel.length;
  summary.modified = toModify.length;
  log(`demo: ${toStart.length} citizens start paying at a PSP and stop before paying (paVerifyPaymentNotice + paGetPaymentV2, no receipt)`);
  summary.pending = await startPayments(base, toStart.map((a) => a.numeroAvviso));

  log(`demo: paying ${toPay.length} dovuti through the built-in pagoPA Node simulator (SOAP)`);
  const node = new NodeSimulator({ baseUrl: base, concurrency: 8 });
  try {
    const paid = await node.payAll(
      toPay.map((a) => a.numeroAvviso),
      { ente: DEMO_ENTE },
    );
    summary.paid = paid.paid;
    if (paid.failed.length) log(`demo: ${paid.failed.length} payments refused, e.g. ${paid.failed[0].error}`);
    const date = node.payments[0]?.paymentDate ?? new Date().toISOString().slice(0, 10);
    const eod = buildEndOfDay(node.payments, { date, anomalies: DEMO_ANOMALIES, codIpaOf: (cf) => (cf === DEMO_ENTE.cfEnte ? DEMO_ENTE.codIpa : undefined) });
    log(`demo: loading the end of day of ${date}: ${eod.files.length} files (FRs and the OPI giornale di cassa)`);
    for (const f of eod.files) {
      const isTreasury = f.name.startsWith('OPI_');
      await upload(`${ente}/${isTreasury ? 'tesoreria' : 'rendicontazioni'}`, f.name, f.content);
      if (isTreasury) summary.treasuryFiles += 1;
      else summary.reportingFlows += 1;
    }
    summary.anomalies = eod.anomalies.map((a) => a.kind);

    // The gestionale's books: every paid dovuto but one in eight, which it has not registered yet (RT_NO_IUD, the
    // position rests in 'cashed'), plus one modified dovuto it wrongly believes paid (IUD_NO_RT).
    const byNotice = new Map(avvisi.map((a) => [a.numeroAvviso, a]));
    const paidRows: DemoNotifiedPayment[] = node.payments.flatMap((p) => {
      const a = byNotice.get(p.noticeNumber);
      return p.outcome === 'OK' && a ? [{ iud: a.iud, iuv: p.iuv, amount: p.amount, dataPagamento: p.paymentDate, tipoDovuto: a.tipoDovuto, causale: a.causale, payer: a.payer }] : [];
    });
    const notified = paidRows.filter((_, i) => i % 8 !== 3);
    const wronglyNotified = toModify.slice(0, 1).flatMap((m) => {
      const a = byNotice.get(m.numeroAvviso)!;
      return [{ iud: a.iud, iuv: a.numeroAvviso.slice(1), amount: 1500, dataPagamento: date, tipoDovuto: a.tipoDovuto, causale: a.causale, payer: a.payer }];
    });
    const pagati = pagatiNotificatiZip(DEMO_ENTE.codIpa, date.replace(/-/g, ''), [...notified, ...wronglyNotified]);
    log(`demo: the ente's gestionale notifies ${notified.length} of ${paidRows.length} paid dovuti (pagati notificati)`);
    await upload(`${ente}/pagati-notificati`, pagati.name, pagati.bytes);
    summary.notified = notified.length;
    summary.notNotified = paidRows.length - notified.length;
    if (summary.notNotified > 0) summary.anomalies.push('paidNotNotified');
    if (wronglyNotified.length > 0) summary.anomalies.push('notifiedNotPaid');
  } finally {
    node.close();
  }

  summary.accertamenti = await assessSome(call, ente, year, log);
  return summary;
}

type Call = (method: string, url: string, body?: unknown, expect?: number[]) => Promise<{ status: number; body: any; position?: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a PSP does when a citizen opens a notice and then abandons the payment: the position shows it in progress. */
async function startPayments(base: string, notices: readonly string[]): Promise<number> {
  const client = new SoapClient(new URL('/pagopa/paForNode', base).toString(), 4);
  const station = { idPA: DEMO_ENTE.cfEnte, idBrokerPA: DEMO_ENTE.idIntermediario, idStation: DEMO_ENTE.idStazione };
  let started = 0;
  try {
    for (const noticeNumber of notices) {
      const qrCode = { fiscalCode: DEMO_ENTE.cfEnte, noticeNumber };
      const verify = await client.post(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode }), 'paVerifyPaymentNotice');
      const get = await client.post(buildPaGetPaymentV2Request({ ...station, qrCode }), 'paGetPaymentV2');
      for (const [op, r] of [['paVerifyPaymentNotice', verify], ['paGetPaymentV2', get]] as const)
        if (!/<outcome>OK<\/outcome>/.test(r.body)) throw new Error(`demo: ${op} of notice ${noticeNumber} was refused: ${r.body.slice(0, 300)}`);
      started += 1;
    }
  } finally {
    client.close();
  }
  return started;
}

/**
 * The accounting side: the anagrafica of the year (an ufficio, the TARI capitolo), then an accertamento of cashed TARI
 * payments closed (its positions become assessed) and one left open for the operator to carry on.
 */
async function assessSome(call: Call, ente: string, year: number, log: (line: string) => void): Promise<DemoSummary['accertamenti']> {
  const ana = `${ente}/anagrafica/${year}`;
  await call('POST', `${ana}/uffici`, { codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' });
  await call('POST', `${ana}/capitoli`, { codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti (TARI)', codUfficio: 'UFF-TRIB', tipiDovuto: ['TARI'] });
  await call('POST', `${ana}/accertamenti-contabili`, { codAccertamento: `ACC-${year}-TARI`, descrizione: `Ruolo TARI ${year}`, codCapitolo: 'E.1.01.01.51' });

  // The reconciliation classifies the end of day asynchronously: wait until the cashed payments stop growing.
  type Available = { iud: string; importo: string };
  let available: Available[] = [];
  for (let i = 0, stable = 0; i < 60 && stable < 2; i++) {
    const page = (await call('GET', `${ente}/accertamenti/pagamenti-disponibili?anno=${year}&tipoDovuto=TARI&pageSize=200`)).body as { items: Available[] };
    stable = page.items.length > 0 && page.items.length === available.length ? stable + 1 : 0;
    available = page.items;
    if (stable < 2) await new Promise((r) => setTimeout(r, 250));
  }
  if (available.length < 3) {
    log(`demo: only ${available.length} cashed TARI payments: no accertamento made`);
    return [];
  }
  const closedCount = Math.max(2, Math.min(20, Math.floor(available.length / 5)));
  const split = (p: Available) => ({ iud: p.iud, splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: `ACC-${year}-TARI`, importo: p.importo }] });

  const closedId = `ACC-DEMO-${year}-1`;
  await call('POST', `${ente}/accertamenti`, { id: closedId, codTipoDovuto: 'TARI', anno: year, descrizione: `TARI ${year}, primi incassi` });
  for (const p of available.slice(0, closedCount)) await call('POST', `${ente}/accertamenti/${closedId}/pagamenti`, split(p));
  await call('POST', `${ente}/accertamenti/${closedId}/chiudi`);

  const openId = `ACC-DEMO-${year}-2`;
  await call('POST', `${ente}/accertamenti`, { id: openId, codTipoDovuto: 'TARI', anno: year, descrizione: `TARI ${year}, in lavorazione` });
  await call('POST', `${ente}/accertamenti/${openId}/pagamenti`, split(available[closedCount]));
  log(`demo: accertamento ${closedId} closed with ${closedCount} payments (now assessed), ${openId} open with 1`);
  return [
    { id: closedId, stato: 'CHIUSO', payments: closedCount },
    { id: openId, stato: 'APERTO', payments: 1 },
  ];
}

export function describeDemo(s: DemoSummary, publicBaseUrl: string): string {
  const url = publicBaseUrl.replace(/\/$/, '');
  if (s.alreadySeeded) return `Demo ente ${s.codIpa} already present. Console: ${url}/console (ente ${s.codIpa}, user ${s.operator.username}, password ${s.operator.password})`;
  return [
    '',
    'Quadra demo data seeded (embedded mode, never in production):',
    `  ente ${s.codIpa}: ${s.created + s.overdue} dovuti — ${s.paid} paid through the Node simulator, ${s.pending} with a payment in progress, ${s.cancelled} cancelled, ${s.modified} modified, ${s.expired} expired${s.overdue > s.expired ? ` (${s.overdue - s.expired} overdue, still open)` : ''}, the rest open`,
    `  ${s.reportingFlows} reporting flows (FR) and ${s.treasuryFiles} treasury journal(s) loaded and reconciled; ${s.notified} payments notified by the ente's gestionale, ${s.notNotified} not yet (left cashed); injected anomalies: ${s.anomalies.join(', ') || 'none'}`,
    `  accertamenti: ${s.accertamenti.map((a) => `${a.id} ${a.stato} (${a.payments} payment${a.payments === 1 ? '' : 's'})`).join(', ') || 'none'}`,
    '',
    `  Operator console: ${url}/console   ente ${s.codIpa} · user ${s.operator.username} · password ${s.operator.password}`,
    `  Citizen portal:   ${url}/`,
    '',
  ].join('\n');
}
