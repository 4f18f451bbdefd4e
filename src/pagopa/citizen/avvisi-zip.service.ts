import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { StoredZipWriter } from '../../flows/files/stored-zip-writer';
import { FlowsService } from '../../flows/flows.service';
import { CsvTokenizer } from '../../flows/parsers/csv';
import { DomainError } from '../../kernel/errors';
import { CitizenDocumentsService } from './citizen-documents.service';

const IUV_SUFFIX = '_IUV.csv';

/** `<name>_AVVISI_PDF.zip` beside the flow's `<name>_IUV.csv`. */
export const avvisiZipName = (iuvFileName: string): string => `${iuvFileName.endsWith(IUV_SUFFIX) ? iuvFileName.slice(0, -IUV_SUFFIX.length) : iuvFileName}_AVVISI_PDF.zip`;

export interface AvvisiZip {
  path: string;
  name: string;
}

/**
 * The avvisi of an imported flow in one ZIP, for the ente to print or send: one PDF per dovuto the flow loaded
 * (the rows of its IUV file that have a numero avviso), named avviso-<numero avviso>.pdf, in flow order.
 * Built once (job after the import, or on the first download) into the flow's folder, written under a
 * temporary name and renamed, so a download never gets half a ZIP. A build in progress when the server stops is
 * abandoned (stopping must not wait minutes of rendering): the next download builds it again.
 */
@Injectable()
export class AvvisiZipService implements BeforeApplicationShutdown {
  private readonly building = new Map<string, Promise<AvvisiZip>>();
  private stopping = false;

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    private readonly flows: FlowsService,
    private readonly documents: CitizenDocumentsService,
  ) {}

  /** The ZIP, built now if it does not exist yet. Refused while the flow is not completed. */
  async get(codIpa: string, flowId: string): Promise<AvvisiZip> {
    const iuvFile = await this.flows.resultFile(codIpa, flowId, 'iuv');
    const zip = { path: path.join(path.dirname(iuvFile.path), avvisiZipName(iuvFile.name)), name: avvisiZipName(iuvFile.name) };
    if (fs.existsSync(zip.path)) return zip;
    const key = `${codIpa}\u0000${flowId}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(codIpa, iuvFile.path, zip).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  private async build(codIpa: string, iuvCsvPath: string, zip: AvvisiZip): Promise<AvvisiZip> {
    const iuds = loadedWithNotice(await fs.promises.readFile(iuvCsvPath, 'utf8'));
    const now = new Date().toISOString();
    const tmp = `${zip.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const file = fs.createWriteStream(tmp);
    const out = new StoredZipWriter(file);
    try {
      const mtime = new Date(now);
      for (const iud of iuds) {
        if (this.stopping)
          throw new DomainError('AVVISI_ZIP_INTERRUPTED', 'the server stopped while the ZIP of avvisi was being written: the next download builds it again', 'unavailable');
        const { pdf, position } = await this.documents.avviso(codIpa, iud, now);
        // PDFs are compressed already: stored as they are.
        await out.add(`avviso-${position.numeroAvviso}.pdf`, pdf, mtime);
        // Each avviso is milliseconds of synchronous rendering and a flow can have 100,000 of them: between two,
        // requests, timers and the ZIP's own writes get their turn, so the server stays responsive meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await out.end();
      await fs.promises.rename(tmp, zip.path);
    } catch (e) {
      // Closed before removed: a stream still opening would otherwise create the file after the removal.
      if (!file.closed) await new Promise<void>((resolve) => file.destroy().once('close', () => resolve()));
      await fs.promises.rm(tmp, { force: true });
      throw e instanceof DomainError ? e : new DomainError('AVVISI_ZIP_FAILED', `the avvisi of the flow could not be written: ${(e as Error).message}`, 'unavailable');
    }
    return zip;
  }
}

/** IUDs of the IUV file's rows (IUD;codIuv;numeroAvviso) that have a numero avviso: only those have an avviso. */
export function loadedWithNotice(csv: string): string[] {
  const tokenizer = new CsvTokenizer();
  const rows = [...tokenizer.push(csv), ...tokenizer.end()];
  return rows.slice(1).filter((r) => r.fields[0] && r.fields[2]).map((r) => r.fields[0]!);
}
