import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { systemClock, type Clock } from '../kernel/clock';
import { invalid } from '../kernel/errors';
import { BoundedMemory } from '../jobs/bounded-memory';
import { assertMailMessage, composeMail, DEFAULT_MAIL_FROM, domainOf, errorText, recipientsOf } from './mail-message';
import type { MailDelivery, MailMessage, Mailer } from './mail.port';

export interface SmtpMailerOptions {
  from?: string;
  clock?: Clock;
  /** Ids of sent messages remembered in this process. Default 100,000. */
  rememberSent?: number;
  /** How long health() waits for the server (ms). Default 5000. */
  healthTimeoutMs?: number;
}

/**
 * The production Mailer: nodemailer's SMTP transport on SMTP_URL (smtp://user:pass@host:587 or smtps://...).
 *
 * Idempotency is weaker here than with files, and this is by nature of SMTP: once a server has accepted a
 * message nobody can ask it "did you already get this one?". What this adapter does:
 *  - the Message-ID is derived from the id, so a message sent twice is the same message to servers and
 *    clients that deduplicate on it;
 *  - ids sent by this process are remembered (the last `rememberSent`), and a concurrent send of the same
 *    id waits for the first and reports a duplicate.
 * It cannot deduplicate across processes or restarts. The real guard is the job id: the reactor enqueues
 * the mail job with an id derived from the event, so the job, and with it the mail, runs once.
 */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly sent: BoundedMemory<string, MailDelivery>;
  private readonly sending = new Map<string, Promise<MailDelivery>>();
  private readonly from: string;
  private readonly envelopeFrom: string;
  private readonly clock: Clock;
  private readonly healthTimeoutMs: number;

  private constructor(
    private readonly transport: Transporter,
    private readonly where: string,
    options: SmtpMailerOptions,
  ) {
    this.from = options.from ?? DEFAULT_MAIL_FROM;
    domainOf(this.from);
    this.envelopeFrom = /<([^>]+)>\s*$/.exec(this.from)?.[1] ?? this.from.trim();
    this.clock = options.clock ?? systemClock;
    this.sent = new BoundedMemory(options.rememberSent ?? 100_000);
    this.healthTimeoutMs = options.healthTimeoutMs ?? 5000;
  }

  static fromUrl(smtpUrl: string, options: SmtpMailerOptions = {}): SmtpMailer {
    let url: URL;
    try {
      url = new URL(smtpUrl);
    } catch {
      throw invalid('INVALID_SMTP_URL', 'SMTP_URL', 'SMTP_URL must be a URL like smtp://user:password@mail.example.it:587');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw invalid('INVALID_SMTP_URL', 'SMTP_URL', `SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
    }
    // Never echo the password in logs or health details.
    const where = `${url.protocol}//${url.host}`;
    return new SmtpMailer(nodemailer.createTransport(smtpUrl), where, options);
  }

  async send(message: MailMessage): Promise<MailDelivery> {
    assertMailMessage(message);
    const done = this.sent.get(message.id);
    if (done) return { ...done, duplicate: true };
    const inFlight = this.sending.get(message.id);
    if (inFlight) return { ...(await inFlight), duplicate: true };

    const attempt = this.deliver(message);
    this.sending.set(message.id, attempt);
    try {
      const delivery = await attempt;
      // Only an accepted message counts as sent; after a failure the job's retry must really send it.
      this.sent.remember(message.id, delivery);
      return delivery;
    } finally {
      this.sending.delete(message.id);
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.healthTimeoutMs} ms`)), this.healthTimeoutMs);
      });
      await Promise.race([this.transport.verify(), timeout]);
      return { ok: true, detail: `SMTP server ${this.where} answers` };
    } catch (error) {
      return { ok: false, detail: `SMTP server ${this.where} unavailable: ${errorText(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.sending.values()]);
    this.transport.close();
  }

  private async deliver(message: MailMessage): Promise<MailDelivery> {
    const { raw, messageId } = await composeMail(message, { from: this.from, date: this.clock.now() });
    const info = await this.transport.sendMail({ envelope: { from: this.envelopeFrom, to: recipientsOf(message) }, raw });
    const rejected = (info.rejected ?? []).map(String);
    const delivery: MailDelivery = { delivered: (info.accepted ?? []).length > 0, duplicate: false, messageId };
    if (rejected.length > 0) delivery.rejected = rejected;
    return delivery;
  }
}
