import type { Clock } from '../kernel/clock';
import { EmlFileMailer } from './eml-file-mailer';
import type { Mailer } from './mail.port';
import { SmtpMailer } from './smtp-mailer';

export interface OpenMailerOptions {
  /** SMTP_URL; unset means .eml files under the data folder. */
  smtpUrl?: string;
  dataDir: string;
  /** Sender, e.g. "Comune di Prova <pagamenti@comune-prova.example.it>"; default Quadra's no-reply address. */
  from?: string;
  clock?: Clock;
}

export function openMailer(options: OpenMailerOptions): Mailer {
  const { smtpUrl, dataDir, from, clock } = options;
  return smtpUrl ? SmtpMailer.fromUrl(smtpUrl, { from, clock }) : new EmlFileMailer({ dataDir, from, clock });
}
