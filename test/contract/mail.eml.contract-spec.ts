import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock } from '../../src/kernel/clock';
import { EmlFileMailer } from '../../src/mail/eml-file-mailer';
import { CONTRACT_FROM, mailContract, receiptMail } from './mail.contract';
import { parseMime } from './mail-mime';

const fixedClock = (iso: string): Clock => ({ now: () => iso });

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
}

const tempDirs: string[] = [];
async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quadra-mail-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

mailContract('eml files', {
  async open() {
    const dataDir = await tempDataDir();
    const mailer = new EmlFileMailer({ dataDir, from: CONTRACT_FROM, clock: fixedClock('2024-05-01T08:00:00Z') });
    return {
      mailer,
      delivered: async () => Promise.all((await filesUnder(path.join(dataDir, 'mail'))).map((f) => fs.readFile(f))),
      dispose: () => mailer.close(),
    };
  },
});

describe('EmlFileMailer', () => {
  it('files a mail under the day it was sent in Italy, named after its id', async () => {
    const dataDir = await tempDataDir();
    // 22:30 UTC on 30 April is already 1 May in Rome.
    const mailer = new EmlFileMailer({ dataDir, clock: fixedClock('2024-04-30T22:30:00Z') });

    const result = await mailer.send(receiptMail({ id: 'receipt-mail:evt-1' }));

    const expected = path.join(dataDir, 'mail', '2024-05-01', 'receipt-mail%3Aevt-1.eml');
    expect(result.location).toBe(expected);
    expect(await filesUnder(dataDir)).toEqual([expected]);
    const mail = parseMime(await fs.readFile(expected));
    expect(mail.headers['x-quadra-mail-id']).toBe('receipt-mail:evt-1');
    expect(mail.headers.from).toBe('Quadra <noreply@quadra.localhost>');
  });

  it('writes RFC 5322 line ends (CRLF) so mail clients open the file as sent', async () => {
    const dataDir = await tempDataDir();
    const { location } = await new EmlFileMailer({ dataDir }).send(receiptMail());

    const text = (await fs.readFile(location!)).toString('latin1');
    expect(text).toMatch(/^(?:[\x21-\x39\x3b-\x7e]+:.*\r\n(?:[ \t].*\r\n)*)+\r\n/);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('still recognises a sent id after a restart on a later day and does not rewrite it', async () => {
    const dataDir = await tempDataDir();
    const first = await new EmlFileMailer({ dataDir, clock: fixedClock('2024-05-01T08:00:00Z') }).send(receiptMail());
    const before = await fs.readFile(first.location!);

    const restarted = new EmlFileMailer({ dataDir, clock: fixedClock('2024-05-03T09:00:00Z') });
    const again = await restarted.send(receiptMail({ subject: 'redelivered' }));

    expect(again).toMatchObject({ delivered: true, duplicate: true, location: first.location });
    expect(await filesUnder(dataDir)).toEqual([first.location]);
    expect(await fs.readFile(first.location!)).toEqual(before);
  });

  it('keeps an id that looks like a path inside the day folder', async () => {
    const dataDir = await tempDataDir();
    const { location } = await new EmlFileMailer({ dataDir, clock: fixedClock('2024-05-01T08:00:00Z') }).send(receiptMail({ id: '../../escape' }));

    expect(path.dirname(location!)).toBe(path.join(dataDir, 'mail', '2024-05-01'));
    expect(await filesUnder(dataDir)).toEqual([location]);
  });

  it('reports itself unhealthy when the data folder cannot be written', async () => {
    const dataDir = await tempDataDir();
    const blocker = path.join(dataDir, 'not-a-folder');
    await fs.writeFile(blocker, 'a file where the data folder should be');

    const health = await new EmlFileMailer({ dataDir: blocker }).health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain(path.join(blocker, 'mail'));
  });

  it('refuses a sender without an address at construction', () => {
    expect(() => new EmlFileMailer({ dataDir: os.tmpdir(), from: 'Quadra' })).toThrow(expect.objectContaining({ code: 'INVALID_MAIL_FROM' }));
  });
});
