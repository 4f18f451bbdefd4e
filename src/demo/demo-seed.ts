import { buildEndOfDay, type EndOfDayAnomalies } from '../simulator/end-of-day';
import { NodeSimulator } from '../simulator/node-simulator';
import { DEMO_ENTE, DEMO_OPERATOR, DEMO_TIPI, demoPayer } from './demo-data';

export interface DemoOptions {
  /** A running Quadra, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  adminToken: string;
  /** How many dovuti; a share of them is paid, cancelled, modified (default 300). */
  positions?: number;
  log?: (line: string) => void;
}

export interface DemoSummary {
  alreadySeeded: boolean;
  codIpa: string;
  operator: { username: string; password: string };
  created: number;
  paid: number;
  cancelled: number;
  modified: number;
  reportingFlows: number;
  treasuryFiles: number;
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
  const upload = async (url: string, name: string, content: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/xml' }), name);
    const res = await fetch(url, { method: 'POST', headers: auth, body: form });
    if (!res.ok) throw new Error(`demo: upload ${name} → HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  };

  const summary: DemoSummary = { alreadySeeded: false, codIpa: DEMO_ENTE.codIpa, operator: { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password }, created: 0, paid: 0, cancelled: 0, modified: 0, reportingFlows: 0, treasuryFiles: 0, anomalies: [] };
  if ((await call('GET', ente, undefined, [200, 404])).status === 200) return { ...summary, alreadySeeded: true };

  log(`demo: registering ${DEMO_ENTE.denominazione} (${DEMO_ENTE.codIpa}) with its tipi dovuto and the operator "${DEMO_OPERATOR.username}"`);
  await call('POST', `${base}/api/v1/enti`, DEMO_ENTE);
  for (const t of DEMO_TIPI) await call('PUT', `${ente}/tipi-dovuto/${t.codTipo}`, t.body);
  await call('POST', `${ente}/operatori`, DEMO_OPERATOR);

  const n = o.positions ?? 300;
  log(`demo: creating ${n} dovuti`);
  const avvisi: { iud: string; numeroAvviso: string }[] = [];
  const year = new Date().getUTCFullYear();
  for (let i = 0; i < n; i++) {
    const tipo = i % 5 === 4 ? 'CIMITERO' : 'TARI';
    const r = await call('POST', `${ente}/dovuti`, {
      iud: `${tipo}-${year}-${String(i + 1).padStart(5, '0')}`,
      tipoDovuto: tipo,
      importo: (((i * 7919) % 40000) / 100 + 15).toFixed(2),
      dataScadenza: `${year + 1}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      causale: tipo === 'TARI' ? `TARI ${year} rata ${(i % 3) + 1}` : `Lampada votiva ${year} loculo ${100 + i}`,
      pagatore: demoPayer(i),
    });
    avvisi.push({ iud: r.body.iud, numeroAvviso: r.body.numeroAvviso });
  }
  summary.created = n;

  // Shares: two thirds paid, 1 in 15 cancelled, 1 in 20 modified and left open, the rest open.
  const toPay = avvisi.filter((_, i) => i % 3 !== 2);
  const rest = avvisi.filter((_, i) => i % 3 === 2);
  const toCancel = rest.filter((_, i) => i % 5 === 0);
  const toModify = rest.filter((_, i) => i % 5 === 1);
  for (const a of toCancel) await call('DELETE', `${ente}/dovuti/${encodeURIComponent(a.iud)}`, { motivo: 'Cessata occupazione (demo)' });
  for (const a of toModify) await call('PUT', `${ente}/dovuti/${encodeURIComponent(a.iud)}`, { causale: 'Rata ricalcolata dopo riesame (demo)' });
  summary.cancelled = toCancel.length;
  summary.modified = toModify.length;

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
  } finally {
    node.close();
  }
  return summary;
}

export function describeDemo(s: DemoSummary, publicBaseUrl: string): string {
  const url = publicBaseUrl.replace(/\/$/, '');
  if (s.alreadySeeded) return `Demo ente ${s.codIpa} already present. Console: ${url}/console (ente ${s.codIpa}, user ${s.operator.username}, password ${s.operator.password})`;
  return [
    '',
    'Quadra demo data seeded (embedded mode, never in production):',
    `  ente ${s.codIpa}: ${s.created} dovuti — ${s.paid} paid through the Node simulator, ${s.cancelled} cancelled, ${s.modified} modified, the rest open`,
    `  ${s.reportingFlows} reporting flows (FR) and ${s.treasuryFiles} treasury journal(s) loaded and reconciled; injected anomalies: ${s.anomalies.join(', ') || 'none'}`,
    '  not seeded: expired dovuti (they need time to pass) and accertamenti',
    '',
    `  Operator console: ${url}/console   ente ${s.codIpa} · user ${s.operator.username} · password ${s.operator.password}`,
    `  Citizen portal:   ${url}/`,
    '',
  ].join('\n');
}
