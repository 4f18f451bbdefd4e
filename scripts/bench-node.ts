import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp } from '../src/main';
import { loadConfig } from '../src/config/config';
import { PositionBatchService, type BatchItem } from '../src/positions/position-batch.service';
import { buildPaGetPaymentV2Request } from '../src/pagopa/soap/pa-get-payment-v2';
import { CpuProfile } from '../src/simulator/cpu-profile';
import { runLoadInChildProcess, type LoadPhase } from '../src/simulator/load-process';
import { finalLine, intArg, percentile, round, tempDir } from './bench-support';

/**
 * npm run bench:node [-- --positions N] [--concurrency C]
 * Quadra in this process on the embedded adapters, N positions created through the import path, then the Node
 * simulator, in a child process of its own (so it does not take the server's event loop), pays them all over
 * loopback HTTP (verify → paGetPaymentV2 → paSendRTV2) with C keep-alive connections. Baseline: a bare echo
 * route on the same server, hit the same way by the same child.
 * --profile DIR writes CPU profiles of the payment phase only: server.cpuprofile (this process) and
 * load.cpuprofile (the load generator).
 */
const ADMIN = 'bench-admin-token-0123456789';
const ENTE = { codIpa: 'c_h501', cfEnte: '02438750586', denominazione: 'Comune di Roma', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' };
const IBAN = 'IT60X0542811101000000123456';

async function post(url: string, body: unknown, method = 'POST') {
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
}

async function main() {
  const profileDir = stringArg('profile');
  const positions = intArg('positions', 20_000);
  const concurrency = intArg('concurrency', 16);
  const dataDir = tempDir('node');
  const config = loadConfig({ DATA_DIR: dataDir, QUADRA_ADMIN_TOKEN: ADMIN, PORT: '0' });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    await post(`${base}/api/v1/enti`, ENTE);
    await post(`${base}/api/v1/enti/${ENTE.codIpa}/tipi-dovuto/TARI`, { descrizione: 'TARI', iban: IBAN, tassonomia: '0101100IM' }, 'PUT');

    const batch = app.get(PositionBatchService, { strict: false });
    const ctx = { correlationId: 'bench', actor: 'system:bench', now: new Date().toISOString() };
    const notices: string[] = [];
    const t0 = performance.now();
    for (let from = 0; from < positions; from += 1000) {
      const items: BatchItem[] = [];
      for (let i = from; i < Math.min(positions, from + 1000); i++) {
        items.push({ row: i + 1, azione: 'I', input: { iud: `BENCH-${i}`, tipoDovuto: 'TARI', importo: 1000 + (i % 5000), causale: `TARI 2026 posizione ${i}`, payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } } });
      }
      const r = await batch.apply(ENTE.codIpa, `bench-${from}`, items, ctx);
      for (const o of r.outcomes) {
        if (!o.ok) throw new Error(`row ${o.row}: ${o.error?.message}`);
        notices.push(o.numeroAvviso!);
      }
    }
    process.stdout.write(`created ${notices.length} positions in ${round((performance.now() - t0) / 1000, 1)} s\n`);

    // Warm-up: JIT, caches and connections, outside the measurement.
    const warm = Math.min(50, Math.floor(notices.length / 10));
    const echoBody = buildPaGetPaymentV2Request({ idPA: ENTE.cfEnte, idBrokerPA: ENTE.idIntermediario, idStation: ENTE.idStazione, qrCode: { fiscalCode: ENTE.cfEnte, noticeNumber: notices[0]! } });
    const meter = new ServerMeter(profileDir && path.resolve(profileDir, 'server.cpuprofile'));
    const run = await runLoadInChildProcess({
      ...(profileDir && { profileFile: path.resolve(profileDir, 'load.cpuprofile') }),
      baseUrl: base,
      concurrency,
      ente: ENTE,
      notices,
      warm,
      echo: { path: '/simulator/echo', body: echoBody, count: Math.max(1000, notices.length - warm) },
    }, (phase) => meter.onPhase(phase));
    await meter.done();
    {
      const { timings, echoMs, seconds } = run;
      if (run.failed.length) throw new Error(`${run.failed.length} payments refused, e.g. ${run.failed[0]!.error}`);
      const paymentsPerS = run.paid / seconds;
      const echoPerS = echoMs.length / run.echoSeconds;

      const get = timings.map((t) => t.getPayment).sort((a, b) => a - b);
      const send = timings.map((t) => t.sendRt).sort((a, b) => a - b);
      const verify = timings.map((t) => t.verify).sort((a, b) => a - b);
      echoMs.sort((a, b) => a - b);
      const line = (name: string, s: number[]) => process.stdout.write(`${name.padEnd(22)} p50 ${round(percentile(s, 50), 2)} ms   p99 ${round(percentile(s, 99), 2)} ms\n`);
      process.stdout.write(`paid ${run.paid} positions in ${round(seconds, 1)} s with ${concurrency} connections: ${round(paymentsPerS)} payments/s (${round(paymentsPerS * 3)} SOAP calls/s)\n`);
      line('paVerifyPaymentNotice', verify);
      line('paGetPaymentV2', get);
      line('paSendRTV2', send);
      line('echo (baseline)', echoMs);
      process.stdout.write(`baseline echo: ${round(echoPerS)} req/s\n`);
      const cost = meter.result!;
      const perPayment = (ms: number | undefined) => (ms === undefined ? undefined : round(ms / run.paid, 2));
      process.stdout.write(
        `CPU per payment: server ${perPayment(cost.cpuMs)} ms (event loop ${perPayment(cost.mainMs) ?? '?'} ms, utilisation ${round(cost.elu, 2)}), load generator ${perPayment(run.cpuMs)} ms; load average ${os.loadavg().map((l) => round(l, 2)).join(' ')}\n`,
      );
      finalLine({
        bench: 'node',
        value: round(paymentsPerS),
        unit: 'payments/s',
        baseline: round(echoPerS),
        ratio: round(paymentsPerS / echoPerS, 3),
        p99_get_ms: round(percentile(get, 99), 2),
        p99_send_rt_ms: round(percentile(send, 99), 2),
        p50_get_ms: round(percentile(get, 50), 2),
        p50_send_rt_ms: round(percentile(send, 50), 2),
        server_cpu_ms_per_payment: perPayment(cost.cpuMs),
        loop_cpu_ms_per_payment: perPayment(cost.mainMs),
        loop_utilisation: round(cost.elu, 2),
        load_average: round(os.loadavg()[0]!, 2),
      });
    }
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** CPU time of this process's main thread (the event loop), from /proc; undefined where there is no /proc. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The server's own cost of the measured payments: CPU of all its threads and of its event loop, loop utilisation. */
class ServerMeter {
  private cpu = process.cpuUsage();
  private main = mainThreadCpuMs();
  private elu = performance.eventLoopUtilization();
  private profile: Promise<CpuProfile> | undefined;
  result: { cpuMs: number; mainMs?: number; elu: number } | undefined;

  constructor(private readonly profileFile?: string) {}

  onPhase(phase: LoadPhase): void {
    if (phase === 'paying') {
      if (this.profileFile) this.profile = CpuProfile.start();
      this.cpu = process.cpuUsage();
      this.main = mainThreadCpuMs();
      this.elu = performance.eventLoopUtilization();
    } else {
      const { user, system } = process.cpuUsage(this.cpu);
      const main = mainThreadCpuMs();
      this.result = { cpuMs: (user + system) / 1000, mainMs: main === undefined || this.main === undefined ? undefined : main - this.main, elu: performance.eventLoopUtilization(this.elu).utilization };
      if (this.profile) this.profile = this.profile.then(async (p) => (await p.stop(this.profileFile!), p));
    }
  }

  async done(): Promise<void> {
    await this.profile;
  }
}

main().catch((e) => {
  process.stderr.write(`bench:node failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
