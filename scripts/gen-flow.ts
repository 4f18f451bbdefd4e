/**
 * npm run gen:flow -- --rows 100000 --version 1_4 --ente C_X000 --bad 0.05 --out ./data/
 * Writes `<ente>-<IUF>-<version>.zip`, a MyPay import flow with valid codici fiscali, IUVs and IBANs and the
 * given share of bad rows (every kind of defect represented), for load tests and demos. Same seed, same file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { FLOW_VERSIONS, isFlowVersion, type FlowVersion } from '../src/flows/domain/flow-version';
import { type GeneratedFlow, generateFlow } from '../src/flows/files/flow-generator';

export interface GenFlowResult {
  file: string;
  flow: GeneratedFlow;
}

const integer = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer of at least ${min}`);
  return n;
};
const share = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('--bad is a share between 0 and 1, e.g. 0.05');
  return n;
};
const version = (value: string): FlowVersion => {
  if (!isFlowVersion(value)) throw new InvalidArgumentError(`supported versions are ${FLOW_VERSIONS.join(', ')}`);
  return value;
};

/** `argv` without the node and script entries; `log` receives the summary lines. */
export function main(argv: readonly string[] = process.argv.slice(2), log: (line: string) => void = console.log): GenFlowResult {
  const program = new Command('gen-flow')
    .description('Generate a MyPay import flow ZIP (<codIpa>-<IUF>-<version>.zip)')
    .requiredOption('--ente <codIpa>', 'IPA code of the ente the flow is for, e.g. C_X000')
    .option('--rows <n>', 'data rows', integer('--rows', 0), 1000)
    .option('--version <v>', `tracciato version (${FLOW_VERSIONS.join(', ')})`, version, '1_4' as FlowVersion)
    .option('--bad <share>', 'share of bad rows, 0..1', share, 0)
    .option('--out <dir>', 'output folder', './data')
    .option('--seed <n>', 'seed of the generator', integer('--seed', 0), 1)
    .option('--iuf <id>', 'flow id (default GEN<seed>_<rows>)')
    .option('--segregation-code <cc>', "the ente's segregation code, first 2 digits of its IUVs", '01')
    .option('--tipo-dovuto <code>', 'tipo dovuto of every row', 'TARI')
    .option('--csv', 'also write the CSV beside the ZIP')
    .exitOverride()
    .configureOutput({ writeOut: (s) => log(s.trimEnd()), writeErr: (s) => log(s.trimEnd()) })
    .parse([...argv], { from: 'user' });
  const o = program.opts<{
    ente: string;
    rows: number;
    version: FlowVersion;
    bad: number;
    out: string;
    seed: number;
    iuf?: string;
    segregationCode: string;
    tipoDovuto: string;
    csv?: boolean;
  }>();

  const started = Date.now();
  const flow = generateFlow({
    rows: o.rows,
    version: o.version,
    codIpa: o.ente,
    badShare: o.bad,
    seed: o.seed,
    iuf: o.iuf,
    segregationCode: o.segregationCode,
    tipoDovuto: o.tipoDovuto,
  });
  fs.mkdirSync(o.out, { recursive: true });
  const file = path.join(o.out, flow.zipName);
  fs.writeFileSync(file, flow.zip);
  if (o.csv) fs.writeFileSync(path.join(o.out, flow.csvName), flow.csv);

  const byCode = new Map<string, number>();
  for (const b of flow.bad) byCode.set(b.code, (byCode.get(b.code) ?? 0) + 1);
  log(`${file}: ${flow.rows} rows (${flow.goodRows} good, ${flow.bad.length} bad), ${(flow.zip.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms`);
  for (const [code, count] of [...byCode].sort()) log(`  ${code}: ${count}`);
  return { file, flow };
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    // commander has already printed its usage error; anything else is unexpected.
    if (!(e instanceof Error && 'exitCode' in e)) console.error(e);
    process.exitCode = e instanceof Error && 'exitCode' in e && typeof e.exitCode === 'number' ? e.exitCode : 1;
  }
}
