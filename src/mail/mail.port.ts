/**
 * Outgoing mail (receipts, notices, export links). A mail is a side effect run by a job whose id comes from
 * the event that asked for it; the message `id` carries the same idempotency key, so a retried or redelivered
 * job sends nothing twice where the adapter can tell (see each adapter for how far that reaches).
 */
export interface MailAttachment {
  /** Name shown to the recipient, e.g. "ricevuta-01234567890123456.pdf"; no path separators. */
  filename: string;
  content: Buffer;
  /** MIME type, e.g. "application/pdf". */
  contentType: string;
}

export interface MailMessage {
  /** Idempotency key derived from the causing event, e.g. "receipt-mail:<eventId>"; also yields the Message-ID. */
  id: string;
  /** One or more plain addresses ("mario.rossi@example.it"). */
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailDelivery {
  /** The message is with its destination (file written / SMTP server accepted it), by this call or an earlier one. */
  delivered: boolean;
  /** True when this call did nothing because the same id was already delivered. */
  duplicate: boolean;
  /** Where the message is, when the adapter can say: the .eml path of the file mailer. */
  location?: string;
  /** The Message-ID header, derived from the id, so the same mail always carries the same one. */
  messageId: string;
  /** Recipients the SMTP server refused while accepting others. */
  rejected?: string[];
}

export interface Mailer {
  readonly kind: string;
  send(message: MailMessage): Promise<MailDelivery>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export const MAILER = Symbol('Mailer');
