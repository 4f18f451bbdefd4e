import * as os from 'node:os';
import { openMailer } from './open-mailer';

describe('openMailer', () => {
  it('writes .eml files when SMTP_URL is unset and uses SMTP when it is set', async () => {
    const files = openMailer({ dataDir: os.tmpdir() });
    const smtp = openMailer({ dataDir: os.tmpdir(), smtpUrl: 'smtp://127.0.0.1:2525' });
    expect([files.kind, smtp.kind]).toEqual(['eml', 'smtp']);
    await Promise.all([files.close(), smtp.close()]);
  });
});
