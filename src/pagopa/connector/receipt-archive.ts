import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { notFound } from '../../kernel/errors';
import { ArchiveWriter } from './archive-writer';

/** Folders known to exist; forgotten in bulk past this size (mkdir again is harmless). */
const MAX_KNOWN_DIRS = 50_000;

/** Ids come from the Node: anything outside this set is percent-encoded so a receiptId can never leave its folder. */
const safeName = (value: string): string => value.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/^\.+/, (dots) => '%2e'.repeat(dots.length));

/**
 * Raw receipts as they arrived, one file each under <dataDir>/receipts/<codIpa>/<iuv>/<receiptId>.xml. The
 * reference stored on the event is relative to the data folder, so moving the folder keeps references valid.
 * A file is written to a temporary name and linked into place, so a reader never sees half a receipt; the first copy of
 * a receipt wins (the Node may resend it with other whitespace; the payment is the same).
 */
@Injectable()
export class ReceiptArchive implements OnModuleDestroy {
  private readonly knownDirs = new Set<string>();
  private readonly writer = new ArchiveWriter();

  constructor(@Inject(CONFIG) private readonly config: QuadraConfig) {}

  refOf(codIpa: string, iuv: string, receiptId: string): string {
    return ['receipts', safeName(codIpa), safeName(iuv), `${safeName(receiptId)}.xml`].join('/');
  }

  /**
   * Stores the receipt unless already stored; returns its reference once the file is in place (the caller
   * acknowledges the receipt to the Node only then). Off the event loop, so other requests go on meanwhile.
   */
  async store(codIpa: string, iuv: string, receiptId: string, rawXml: string): Promise<string> {
    const ref = this.refOf(codIpa, iuv, receiptId);
    const file = this.resolve(ref);
    const dir = path.dirname(file);
    const known = this.knownDirs.has(dir);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await this.writer.write({ ...(!known && { dir }), tmp, file, data: rawXml });
    if (!known) {
      if (this.knownDirs.size >= MAX_KNOWN_DIRS) this.knownDirs.clear();
      this.knownDirs.add(dir);
    }
    return ref;
  }

  async onModuleDestroy(): Promise<void> {
    await this.writer.close();
  }

  async read(ref: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.resolve(ref));
    } catch {
      throw notFound('RICEVUTA_XML_NOT_FOUND', `the archived receipt ${ref} is not in this server's data folder`);
    }
  }

  private resolve(ref: string): string {
    const root = path.resolve(this.config.dataDir);
    const file = path.resolve(root, ref);
    if (!file.startsWith(root + path.sep)) throw notFound('RICEVUTA_XML_NOT_FOUND', `receipt reference ${ref} is outside the archive`);
    return file;
  }
}
