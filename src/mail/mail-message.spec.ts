import { assertMailMessage, domainOf, MAX_ATTACHMENT_BYTES, messageIdFor } from './mail-message';
import type { MailMessage } from './mail.port';

const mail = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  id: 'notice-1',
  to: 'anna.bianchi@example.it',
  subject: 'Avviso di pagamento',
  text: 'Scade il 31/05.',
  ...overrides,
});

describe('mail message rules', () => {
  it('accepts an ordinary notice', () => {
    expect(() => assertMailMessage(mail())).not.toThrow();
  });

  it('refuses attachments too large for a mail server, as too_large', () => {
    const big = { filename: 'export.zip', content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1), contentType: 'application/zip' };
    expect(() => assertMailMessage(mail({ attachments: [big] }))).toThrow(expect.objectContaining({ code: 'MAIL_TOO_LARGE', kind: 'too_large' }));
  });

  it('refuses more than 50 recipients', () => {
    const to = Array.from({ length: 51 }, (_, i) => `p${i}@example.it`);
    expect(() => assertMailMessage(mail({ to }))).toThrow(expect.objectContaining({ code: 'INVALID_MAIL_RECIPIENT', field: 'to' }));
  });

  it('refuses ids with control characters or broken unicode, which could not name a file reliably', () => {
    expect(() => assertMailMessage(mail({ id: 'a\nb' }))).toThrow(expect.objectContaining({ code: 'INVALID_MAIL_ID' }));
    expect(() => assertMailMessage(mail({ id: 'a\uD800b' }))).toThrow(expect.objectContaining({ code: 'INVALID_MAIL_ID' }));
    expect(() => assertMailMessage(mail({ id: 'x'.repeat(201) }))).toThrow(expect.objectContaining({ code: 'INVALID_MAIL_ID' }));
  });

  it('takes the Message-ID domain from the sender', () => {
    expect(domainOf('Comune di Prova <Pagamenti@Comune-Prova.example.it>')).toBe('comune-prova.example.it');
    expect(domainOf('pagamenti@ente.example.it')).toBe('ente.example.it');
  });

  it('gives each id its own stable Message-ID', () => {
    expect(messageIdFor('a', 'ente.it')).toBe(messageIdFor('a', 'ente.it'));
    expect(messageIdFor('a', 'ente.it')).not.toBe(messageIdFor('b', 'ente.it'));
  });
});
