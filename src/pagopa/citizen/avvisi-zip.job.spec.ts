import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { QuadraConfig } from '../../config/config';
import type { FlowsService } from '../../flows/flows.service';
import type { ProjectionSupervisor } from '../../read-store/projection-supervisor';
import { AvvisiZipJobHandler } from './avvisi-zip.job';
import { AvvisiZipService } from './avvisi-zip.service';
import type { CitizenDocumentsService } from './citizen-documents.service';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('ZIP of avvisi job: rendered after the read side has caught up with the import', () => {
  const job = { codIpa: 'c_h501', flowId: 'IUF1', afterPosition: '4200' };

  function handler(waitFor: (position: bigint, ms: number) => Promise<boolean>) {
    const get = jest.fn(async () => ({ path: '/x.zip', name: 'x.zip' }));
    const supervisor = { waitFor: jest.fn(waitFor) } as unknown as ProjectionSupervisor;
    return { run: (j: typeof job | Omit<typeof job, 'afterPosition'>) => new AvvisiZipJobHandler({ get } as unknown as AvvisiZipService, supervisor).run(j, 1000), get, supervisor };
  }

  it('waits for the projections to reach the FlowImportCompleted position before rendering', async () => {
    const caughtUp = deferred<boolean>();
    const h = handler(() => caughtUp.promise);
    const running = h.run(job);
    await flush();
    expect(h.supervisor.waitFor).toHaveBeenCalledWith(4200n, 1000);
    expect(h.get).not.toHaveBeenCalled();
    caughtUp.resolve(true);
    await running;
    expect(h.get).toHaveBeenCalledWith('c_h501', 'IUF1');
  });

  it('renders anyway when the read side does not get there in time (the avvisi come from the event log)', async () => {
    const h = handler(async () => false);
    await h.run(job);
    expect(h.get).toHaveBeenCalledWith('c_h501', 'IUF1');
  });

  it('a job queued without a position (before this version) starts at once', async () => {
    const h = handler(async () => true);
    await h.run({ codIpa: 'c_h501', flowId: 'IUF1' });
    expect(h.supervisor.waitFor).not.toHaveBeenCalled();
    expect(h.get).toHaveBeenCalled();
  });
});

describe('ZIP of avvisi: a build in progress when the server stops', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avvisi-zip-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is abandoned at the next avviso, leaving neither a ZIP nor its temporary file, and the next download builds it', async () => {
    const iuvFile = path.join(dir, 'c_h501-IUF1-1_4_IUV.csv');
    fs.writeFileSync(iuvFile, 'IUD;codIuv;numeroAvviso\r\nA;01000000000000001;301000000000000001\r\nB;01000000000000002;301000000000000002\r\nC;01000000000000003;301000000000000003\r\n');
    const flows = { resultFile: async () => ({ path: iuvFile, name: path.basename(iuvFile) }) } as unknown as FlowsService;
    let rendered = 0;
    let service!: AvvisiZipService;
    const documents = {
      avviso: async (_: string, iud: string) => {
        if (++rendered === 2) service.beforeApplicationShutdown(); // the server is asked to stop mid-build
        return { pdf: Buffer.from(`%PDF ${iud}`), position: { numeroAvviso: `3${iud}` } };
      },
    } as unknown as CitizenDocumentsService;
    service = new AvvisiZipService({ dataDir: dir } as QuadraConfig, flows, documents);

    await expect(service.get('c_h501', 'IUF1')).rejects.toMatchObject({ code: 'AVVISI_ZIP_INTERRUPTED' });
    expect(rendered).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([path.basename(iuvFile)]);

    const restarted = new AvvisiZipService({ dataDir: dir } as QuadraConfig, flows, documents);
    const zip = await restarted.get('c_h501', 'IUF1');
    expect(zip.name).toBe('c_h501-IUF1-1_4_AVVISI_PDF.zip');
    expect(rendered).toBe(5);
    expect(fs.existsSync(zip.path)).toBe(true);
  });
});
