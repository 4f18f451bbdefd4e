import type { MailMessage, Mailer } from '../../src/mail/mail.port';
import { attachmentsOf, parseMime, textOf } from './mail-mime';

/** The one contract every Mailer passes (.eml files and SMTP). */
export const CONTRACT_FROM = 'Comune di Prova <pagamenti@comune-prova.example.it>';

export interface OpenedMailer {
  mailer: Mailer;
  /** The raw messages this mailer has delivered so far (files written / messages the server accepted). */
  delivered(): Promise<Buffer[]>;
  dispose(): Promise<void>;
}

export interface MailContractTarget {
  /** A fresh mailer sending as CONTRACT_FROM into its own empty destination. */
  open(): Promise<OpenedMailer>;
}

// Binary on purpose (a NUL and 0xFF bytes): an attachment must arrive byte for byte.
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a]), Buffer.from('%%EOF\n')]);

export const receiptMail = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  id: 'receipt-mail:3f2a9c1e-0b7d-4e7a-9d51-6c1f0e2b8a44',
  to: ['mario.rossi@example.it', 'ufficio.tributi@comune-prova.example.it'],
  subject: 'Ricevuta di pagamento IUV 01234567890123456 – € 147,92',
  text: 'Gentile Mario Rossi,\nabbiamo ricevuto il pagamento di € 147,92 per TARI 2024.\n.\nUna riga che inizia con un punto.',
  html: '<p>Gentile Mario Rossi,<br>abbiamo ricevuto il pagamento di <b>€ 147,92</b> per TARI 2024.</p>',
  attachments: [
    { filename: 'ricevuta-01234567890123456.pdf', content: PDF, contentType: 'application/pdf' },
    { filename: 'dettaglio.csv', content: Buffer.from('iuv;importo\n01234567890123456;147.92\n'), contentType: 'text/csv' },
  ],
  ...overrides,
});

export function mailContract(label: string, target: MailContractTarget): void {
  describe(`Mailer contract: ${label}`, () => {
    let opened: OpenedMailer;
    beforeEach(async () => {
      opened = await target.open();
    });
    afterEach(async () => {
      await opened.dispose();
    });

    it('delivers a receipt a mail client can read: sender, recipients, Italian subject, text, html, attachments', async () => {
      const result = await opened.mailer.send(receiptMail());

      expect(result).toMatchObject({ delivered: true, duplicate: false });
      const [raw, ...more] = await opened.delivered();
      expect(more).toHaveLength(0);
      const mail = parseMime(raw);
      expect(mail.headers.from).toContain('pagamenti@comune-prova.example.it');
      expect(mail.headers.to).toContain('mario.rossi@example.it');
      expect(mail.headers.to).toContain('ufficio.tributi@comune-prova.example.it');
      expect(mail.headers.subject).toBe('Ricevuta di pagamento IUV 01234567890123456 – € 147,92');
      expect(mail.headers['message-id']).toBe(result.messageId);
      expect(result.messageId).toMatch(/^<[^<>@\s]+@comune-prova\.example\.it>$/);
      expect(mail.headers.date).toMatch(/\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
      expect(textOf(mail, 'text/plain')).toContain('abbiamo ricevuto il pagamento di € 147,92');
      expect(textOf(mail, 'text/plain')).toContain('\n.\nUna riga che inizia con un punto.');
      expect(textOf(mail, 'text/html')).toContain('<b>€ 147,92</b>');
      expect(attachmentsOf(mail)).toEqual([
        { filename: 'ricevuta-01234567890123456.pdf', contentType: 'application/pdf', content: PDF },
        { filename: 'dettaglio.csv', contentType: 'text/csv', content: Buffer.from('iuv;importo\n01234567890123456;147.92\n') },
      ]);
    });

    it('sends a plain one-recipient mail without attachments', async () => {
      await opened.mailer.send({ id: 'notice-1', to: 'anna.bianchi@example.it', subject: 'Avviso di pagamento', text: 'Scade il 31/05.' });

      const [raw] = await opened.delivered();
      const mail = parseMime(raw);
      expect(mail.headers.to).toBe('anna.bianchi@example.it');
      expect(textOf(mail, 'text/plain')?.trim()).toBe('Scade il 31/05.');
      expect(attachmentsOf(mail)).toEqual([]);
    });

    it('delivers the same id once: the second send is a duplicate with the same Message-ID', async () => {
      const first = await opened.mailer.send(receiptMail());
      const second = await opened.mailer.send(receiptMail({ subject: 'changed on redelivery' }));

      expect(second).toMatchObject({ delivered: true, duplicate: true, messageId: first.messageId });
      expect(await opened.delivered()).toHaveLength(1);
    });

    it('delivers the same id once even when both sends run at the same time', async () => {
      const results = await Promise.all([opened.mailer.send(receiptMail()), opened.mailer.send(receiptMail())]);

      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(await opened.delivered()).toHaveLength(1);
    });

    it('delivers different ids as different mails with different Message-IDs', async () => {
      const a = await opened.mailer.send(receiptMail({ id: 'receipt-mail:a' }));
      const b = await opened.mailer.send(receiptMail({ id: 'receipt-mail:b' }));

      expect(a.messageId).not.toBe(b.messageId);
      expect(await opened.delivered()).toHaveLength(2);
    });

    it('derives the Message-ID from the id alone, so another instance sends the same message id', async () => {
      const other = await target.open();
      try {
        const here = await opened.mailer.send(receiptMail());
        const there = await other.mailer.send(receiptMail());
        expect(there.messageId).toBe(here.messageId);
        expect(parseMime((await other.delivered())[0]).headers['message-id']).toBe(here.messageId);
      } finally {
        await other.dispose();
      }
    });

    it('refuses a message it cannot deliver properly, names the field, and delivers nothing', async () => {
      const { mailer } = opened;
      await expect(mailer.send(receiptMail({ to: ['mario.rossi@example.it', 'not an address'] }))).rejects.toMatchObject({
        code: 'INVALID_MAIL_RECIPIENT',
        field: 'to[1]',
        message: expect.stringContaining('"not an address"'),
      });
      await expect(mailer.send(receiptMail({ to: [] }))).rejects.toMatchObject({ code: 'INVALID_MAIL_RECIPIENT', field: 'to' });
      await expect(mailer.send(receiptMail({ subject: 'Ricevuta\r\nBcc: someone@example.it' }))).rejects.toMatchObject({
        code: 'INVALID_MAIL_SUBJECT',
        field: 'subject',
      });
      await expect(
        mailer.send(receiptMail({ attachments: [{ filename: '../ricevuta.pdf', content: PDF, contentType: 'application/pdf' }] })),
      ).rejects.toMatchObject({ code: 'INVALID_MAIL_ATTACHMENT', field: 'attachments[0].filename' });
      await expect(
        mailer.send(receiptMail({ attachments: [{ filename: 'ricevuta.pdf', content: PDF, contentType: 'pdf' }] })),
      ).rejects.toMatchObject({ code: 'INVALID_MAIL_ATTACHMENT', field: 'attachments[0].contentType' });
      await expect(mailer.send(receiptMail({ id: '' }))).rejects.toMatchObject({ code: 'INVALID_MAIL_ID', field: 'id' });
      expect(await opened.delivered()).toHaveLength(0);

      // A refused message is not remembered: once corrected, the same id is delivered.
      expect(await mailer.send(receiptMail())).toMatchObject({ delivered: true, duplicate: false });
    });

    it('is healthy while its destination is there', async () => {
      expect(await opened.mailer.health()).toMatchObject({ ok: true });
    });
  });
}
