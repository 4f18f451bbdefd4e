import type { Clock } from '../../src/kernel/clock';
import { SmtpMailer } from '../../src/mail/smtp-mailer';
import { CONTRACT_FROM, mailContract, receiptMail } from './mail.contract';
import { parseMime } from './mail-mime';
import { TestSmtpServer } from './mail-smtp-server';

const clock: Clock = { now: () => '2024-05-01T08:00:00Z' };

mailContract('smtp', {
  async open() {
    const server = await TestSmtpServer.start();
    const mailer = SmtpMailer.fromUrl(server.url, { from: CONTRACT_FROM, clock });
    return {
      mailer,
      delivered: async () => server.received.map((m) => m.raw),
      dispose: async () => {
        await mailer.close();
        await server.stop();
      },
    };
  },
});

describe('SmtpMailer', () => {
  let server: TestSmtpServer;
  let mailer: SmtpMailer;
  beforeEach(async () => {
    server = await TestSmtpServer.start();
    mailer = SmtpMailer.fromUrl(server.url, { from: CONTRACT_FROM, clock });
  });
  afterEach(async () => {
    await mailer.close();
    await server.stop();
  });

  it('sends the envelope to every recipient, from the sender address', async () => {
    await mailer.send(receiptMail());

    expect(server.received).toHaveLength(1);
    expect(server.received[0].mailFrom).toBe('pagamenti@comune-prova.example.it');
    expect(server.received[0].rcptTo).toEqual(['mario.rossi@example.it', 'ufficio.tributi@comune-prova.example.it']);
    expect(parseMime(server.received[0].raw).headers['x-quadra-mail-id']).toBe(receiptMail().id);
  });

  it('reports a refusal by the server, and the retry of the same id really sends it', async () => {
    server.refuseNext(1);

    await expect(mailer.send(receiptMail())).rejects.toThrow(/451/);
    expect(server.received).toHaveLength(0);

    expect(await mailer.send(receiptMail())).toMatchObject({ delivered: true, duplicate: false });
    expect(server.received).toHaveLength(1);
  });

  it('is unhealthy when the server is gone, without showing the password', async () => {
    await server.stop();
    const withPassword = SmtpMailer.fromUrl(server.url.replace('smtp://', 'smtp://quadra:s3cret@'), { from: CONTRACT_FROM });
    try {
      const health = await withPassword.health();
      expect(health.ok).toBe(false);
      expect(health.detail).toContain(server.url);
      expect(health.detail).not.toContain('s3cret');
    } finally {
      await withPassword.close();
    }
    server = await TestSmtpServer.start();
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => SmtpMailer.fromUrl('http://mail.example.it')).toThrow(expect.objectContaining({ code: 'INVALID_SMTP_URL' }));
    expect(() => SmtpMailer.fromUrl('mail.example.it:25')).toThrow(expect.objectContaining({ code: 'INVALID_SMTP_URL' }));
  });
});
