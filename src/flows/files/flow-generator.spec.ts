import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../scripts/gen-flow';
import { FLOW_VERSIONS } from '../domain/flow-version';
import { readFlowZip } from './flow-zip';
import { badRowKinds, generateFlow } from './flow-generator';

describe('flow generator', () => {
  it.each(FLOW_VERSIONS)('version %s: the ZIP parses back with exactly the intended bad rows, each with its expected code', (version) => {
    const g = generateFlow({ rows: 400, version, codIpa: 'C_X000', badShare: 0.1, seed: 42 });
    expect(g.zipName).toBe(`C_X000-GEN42_400-${version}.zip`);
    expect(g.bad).toHaveLength(40);

    const read = readFlowZip(g.zip, g.zipName, { codIpa: 'C_X000', segregationCode: '01' });
    expect(read.stats).toMatchObject({ rowsRead: 400, accepted: 360, rejected: 40, warnings: [] });
    expect(read.rejections.map((r) => ({ rowNumber: r.rowNumber, iud: r.iud, codes: r.problems.map((p) => p.code) }))).toEqual(
      g.bad.map((b) => ({ rowNumber: b.rowNumber, iud: b.iud, codes: [b.code] })),
    );
    // every kind of defect the version can carry is there
    expect(new Set(g.bad.map((b) => b.kind))).toEqual(new Set(badRowKinds(version)));
  });

  it('writes realistic content: quoted causali, companies, IUVs of the station, bilanci and secondary entes where the version has them', () => {
    const g = generateFlow({ rows: 300, version: '1_4', codIpa: 'C_X000', seed: 3, segregationCode: '07' });
    expect(g.csv).toMatch(/"Mensa scolastica; periodo \d+"/);
    expect(g.csv).toMatch(/"Concessione ""loculo"" \d+"/);
    const { rows, rejections } = readFlowZip(g.zip, g.zipName, { segregationCode: '07' });
    expect(rejections).toEqual([]);
    expect(rows.some((r) => r.payer.tipoIdentificativoUnivoco === 'G')).toBe(true);
    expect(rows.some((r) => r.iuv?.startsWith('07'))).toBe(true);
    expect(rows.some((r) => r.flagGeneraIuv)).toBe(true);
    expect(rows.some((r) => r.bilancio !== undefined)).toBe(true);
    expect(rows.some((r) => r.secondario !== undefined)).toBe(true);
    expect(new Set(rows.map((r) => r.iud)).size).toBe(300);
  });

  it('gives the same bytes for the same seed, and another flow for another seed', () => {
    const a = generateFlow({ rows: 50, version: '1_3', codIpa: 'C_X000', badShare: 0.2, seed: 9 });
    const b = generateFlow({ rows: 50, version: '1_3', codIpa: 'C_X000', badShare: 0.2, seed: 9 });
    const c = generateFlow({ rows: 50, version: '1_3', codIpa: 'C_X000', badShare: 0.2, seed: 10, iuf: 'GEN9_50' });
    expect(b.zip).toEqual(a.zip);
    expect(c.csv).not.toEqual(a.csv);
  });

  it('handles the edges: no rows, no bad rows, only bad rows', () => {
    expect(readFlowZip(generateFlow({ rows: 0, version: '1_0', codIpa: 'C_X000' }).zip, 'C_X000-GEN1_0-1_0.zip').stats.rowsRead).toBe(0);
    const clean = generateFlow({ rows: 100, version: '1_2', codIpa: 'C_X000', seed: 5 });
    expect(readFlowZip(clean.zip, clean.zipName).rejections).toEqual([]);
    const allBad = generateFlow({ rows: 30, version: '1_1', codIpa: 'C_X000', badShare: 1, seed: 5 });
    const read = readFlowZip(allBad.zip, allBad.zipName);
    expect(read.rows).toEqual([]);
    expect(read.rejections).toHaveLength(30);
    expect(allBad.bad.some((b) => b.kind === 'IUD_DUPLICATED_IN_FLOW')).toBe(false); // no good row to repeat
  });

  it('refuses nonsense options', () => {
    expect(() => generateFlow({ rows: -1, version: '1_0', codIpa: 'C_X000' })).toThrow('rows');
    expect(() => generateFlow({ rows: 1, version: '1_0', codIpa: 'C_X000', badShare: 1.5 })).toThrow('badShare');
  });
});

describe('gen-flow command line', () => {
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-flow-'));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes the ZIP (and the CSV when asked) to --out and prints what it wrote', () => {
    const lines: string[] = [];
    const { file } = main(['--rows', '60', '--version', '1_2', '--ente', 'C_X000', '--bad', '0.25', '--out', out, '--seed', '4', '--csv'], (l) => lines.push(l));
    expect(file).toBe(path.join(out, 'C_X000-GEN4_60-1_2.zip'));
    const read = readFlowZip(fs.readFileSync(file), 'C_X000-GEN4_60-1_2.zip', { codIpa: 'C_X000' });
    expect(read.stats).toMatchObject({ rowsRead: 60, rejected: 15 });
    expect(fs.readFileSync(path.join(out, 'C_X000-GEN4_60-1_2.csv'), 'utf8').split('\r\n')[0]).toMatch(/^IUD;codIuv;.*;bilancio;azione$/);
    expect(lines[0]).toContain('60 rows (45 good, 15 bad)');
    expect(lines).toContain('  INVALID_DATE: 1');
  });

  it('refuses an unsupported version and a share above 1', () => {
    const quiet = () => undefined;
    expect(() => main(['--ente', 'C_X000', '--version', '2_0', '--out', out], quiet)).toThrow(/supported versions are 1_0, 1_1, 1_2, 1_3, 1_4/);
    expect(() => main(['--ente', 'C_X000', '--bad', '5', '--out', out], quiet)).toThrow(/between 0 and 1/);
    expect(() => main(['--rows', '5', '--out', out], quiet)).toThrow(/--ente/);
  });
});
