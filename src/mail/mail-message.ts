import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DomainError, invalid } from '../kernel/errors';
import type { MailMessage } from './mail.port';

export const DEFAULT_MAIL_FROM = 'Quadra <noreply@quadra.localhost>';
export const MAX_MAIL_ID_LENGTH = 200;
export const MAX_RECIPIENTS = 50;
/** Attachments travel base64-encoded (+33%); 15 MiB stays under the 25 MB most SMTP servers take. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

// Deliberately plain: one address, no display name, no comments. Payer addresses come from debt positions.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

export const recipientsOf = (message: Pick<MailMessage, 'to'>): string[] => (Array.isArray(message.to) ? message.to : [message.to]);

/** Refuses what would make a broken or dangerous mail, naming the field and why; delivers nothing in that case. */
export function assertMailMessage(message: MailMessage): void {
  const { id, subject, text, html, attachments } = message;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_MAIL_ID_LENGTH || CONTROL.test(id) || LONE_SURROGATE.test(id)) {
    throw invalid('INVALID_MAIL_ID', 'id', `mail id must be 1-${MAX_MAIL_ID_LENGTH} characters without control characters`);
  }
  const to = recipientsOf(message);
  if (to.length === 0) throw invalid('INVALID_MAIL_RECIPIENT', 'to', 'a mail needs at least one recipient');
  if (to.length > MAX_RECIPIENTS) throw invalid('INVALID_MAIL_RECIPIENT', 'to', `a mail has at most ${MAX_RECIPIENTS} recipients, got ${to.length}`);
  to.forEach((address, i) => {
    if (typeof address !== 'string' || !ADDRESS.test(address)) {
      throw invalid('INVALID_MAIL_RECIPIENT', Array.isArray(message.to) ? `to[${i}]` : 'to', `recipient ${JSON.stringify(address)} is not an e-mail address like mario.rossi@example.it`);
    }
  });
  if (typeof subject !== 'string' || subject.trim() === '') throw invalid('INVALID_MAIL_SUBJECT', 'subject', 'mail subject must not be empty');
  if (/[\r\n]/.test(subject)) throw invalid('INVALID_MAIL_SUBJECT', 'subject', 'mail subject must be a single line (it contains a line break)');
  if (typeof text !== 'string') throw invalid('INVALID_MAIL_BODY', 'text', 'mail text must be a string');
  if (html !== undefined && typeof html !== 'string') throw invalid('INVALID_MAIL_BODY', 'html', 'mail html must be a string when given');
  let bytes = 0;
  (attachments ?? []).forEach((a, i) => {
    const field = `attachments[${i}]`;
    if (typeof a?.filename !== 'string' || a.filename.trim() === '' || /[/\\]/.test(a.filename) || CONTROL.test(a.filename)) {
      throw invalid('INVALID_MAIL_ATTACHMENT', `${field}.filename`, `attachment ${i + 1} needs a file name without "/", "\\" or control characters`);
    }
    if (!Buffer.isBuffer(a.content)) throw invalid('INVALID_MAIL_ATTACHMENT', `${field}.content`, `attachment "${a.filename}" content must be a Buffer`);
    if (typeof a.contentType !== 'string' || !CONTENT_TYPE.test(a.contentType)) {
      throw invalid('INVALID_MAIL_ATTACHMENT', `${field}.contentType`, `attachment "${a.filename}" needs a MIME type like application/pdf, got ${JSON.stringify(a.contentType)}`);
    }
    bytes += a.content.length;
  });
  if (bytes > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('MAIL_TOO_LARGE', `attachments total ${bytes} bytes, more than the ${MAX_ATTACHMENT_BYTES} a mail may carry`, 'too_large', 'attachments');
  }
}

/** "Quadra <noreply@comune.example.it>" or a bare address → its domain, for the Message-ID. */
export function domainOf(from: string): string {
  const m = /@([^\s>]+)>?\s*$/.exec(from);
  if (!m) throw invalid('INVALID_MAIL_FROM', 'from', `sender ${JSON.stringify(from)} has no e-mail address`);
  return m[1].toLowerCase();
}

/**
 * The same id always yields the same Message-ID, so a message sent again after a crash is recognisably the
 * same mail to servers and clients that deduplicate on it. Hashed because ids may hold characters a
 * Message-ID may not.
 */
export function messageIdFor(id: string, domain: string): string {
  return `<quadra.${createHash('sha256').update(id).digest('hex').slice(0, 32)}@${domain}>`;
}

export interface ComposeOptions {
  from: string;
  /** ISO-8601, the Date header. */
  date: string;
}

/** Builds the RFC 5322 message (CRLF line ends) both adapters deliver, so an .eml file is what SMTP would send. */
export async function composeMail(message: MailMessage, options: ComposeOptions): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = messageIdFor(message.id, domainOf(options.from));
  const composer = new MailComposer({
    from: options.from,
    to: recipientsOf(message),
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    messageId,
    date: new Date(options.date),
    headers: { 'X-Quadra-Mail-Id': message.id },
    newline: 'win',
    // The content is ours; never let a value be read from disk or the network while composing.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await new Promise<Buffer>((resolve, reject) => composer.compile().build((error, built) => (error ? reject(error) : resolve(built))));
  return { raw, messageId };
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message || error.name : String(error));
