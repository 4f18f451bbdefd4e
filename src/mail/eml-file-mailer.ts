import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { systemClock, type Clock } from '../kernel/clock';
import { assertMailMessage, composeMail, DEFAULT_MAIL_FROM, domainOf, errorText } from './mail-message';
import type { MailDelivery, MailMessage, Mailer } from './mail.port';
import { mailFileName } from './mail-file-name';

export interface EmlFileMailerOptions {
  /** The data folder; mail goes to <dataDir>/mail/<yyyy-mm-dd>/<id>.eml. */
  dataDir: string;
  from?: string;
  clock?: Clock;
  /** Zone of the day folders, so an operator finds a mail under the day it was sent locally. */
  timeZone?: string;
}

const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The embedded Mailer: every message becomes an RFC 5322 .eml file that any mail client opens, so a laptop
 * install needs no mail server and an operator can see exactly what would have been sent.
 *
 * Idempotency holds across restarts and processes sharing the folder: a message whose file exists in any
 * day folder is not written again. The file appears atomically (written aside, then hard-linked into
 * place, which fails if the name exists), so a crash never leaves a half-written mail that would count as sent.
 */
export class EmlFileMailer implements Mailer {
  readonly kind = 'eml';
  private readonly root: string;
  private readonly from: string;
  private readonly clock: Clock;
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(options: EmlFileMailerOptions) {
    this.root = path.join(path.resolve(options.dataDir), 'mail');
    this.from = options.from ?? DEFAULT_MAIL_FROM;
    domainOf(this.from);
    this.clock = options.clock ?? systemClock;
    this.dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: options.timeZone ?? 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  async send(message: MailMessage): Promise<MailDelivery> {
    assertMailMessage(message);
    const name = mailFileName(message.id);
    const now = this.clock.now();
    const { raw, messageId } = await composeMail(message, { from: this.from, date: now });

    const existing = await this.find(name);
    if (existing) return { delivered: true, duplicate: true, location: existing, messageId };

    const dir = path.join(this.root, this.day(now));
    await fs.mkdir(dir, { recursive: true });
    const target = path.join(dir, name);
    const aside = path.join(dir, `.${randomUUID()}.tmp`);
    await fs.writeFile(aside, raw);
    try {
      const placed = await placeExclusively(aside, target);
      return placed
        ? { delivered: true, duplicate: false, location: target, messageId }
        : { delivered: true, duplicate: true, location: target, messageId };
    } finally {
      await fs.rm(aside, { force: true });
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await fs.mkdir(this.root, { recursive: true });
      await fs.access(this.root, fsConstants.W_OK);
      return { ok: true, detail: `writing .eml files under ${this.root}` };
    } catch (error) {
      return { ok: false, detail: `cannot write mail under ${this.root}: ${errorText(error)}` };
    }
  }

  async close(): Promise<void> {}

  private day(iso: string): string {
    const parts = Object.fromEntries(this.dayFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  }

  /** Newest day first: a redelivery is most likely close to the first delivery. */
  private async find(name: string): Promise<string | undefined> {
    let days: string[];
    try {
      days = (await fs.readdir(this.root)).filter((d) => DAY_FOLDER.test(d)).sort().reverse();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    for (const day of days) {
      const candidate = path.join(this.root, day, name);
      try {
        await fs.access(candidate);
        return candidate;
      } catch {
        // not in this day
      }
    }
    return undefined;
  }
}

/** Returns false when the target already exists (another send of the same id won). */
async function placeExclusively(source: string, target: string): Promise<boolean> {
  try {
    await fs.link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
  }
  // Filesystems without hard links (some network and container mounts): exclusive copy instead.
  try {
    await fs.copyFile(source, target, fsConstants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
