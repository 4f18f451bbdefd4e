import * as net from 'node:net';

/** What one SMTP transaction delivered: envelope and the message exactly as received (dot-stuffing undone). */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

/**
 * Just enough of an SMTP server (RFC 5321) to accept mail in a test: EHLO/HELO, MAIL FROM, RCPT TO, DATA,
 * RSET, NOOP, QUIT. No TLS and no AUTH are offered, so a client sends in the clear. `refuseNext(n)` makes
 * the next n messages fail with a temporary 451 after DATA, as a busy server would.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly server = net.createServer((socket) => this.serve(socket));
  private readonly sockets = new Set<net.Socket>();
  private refusals = 0;

  static async start(): Promise<TestSmtpServer> {
    const s = new TestSmtpServer();
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.url = `smtp://127.0.0.1:${(s.server.address() as net.AddressInfo).port}`;
    return s;
  }

  /** Kept after stop(), so a test can point a client at a server that is gone. */
  url = '';

  refuseNext(count: number): void {
    this.refusals = count;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = Buffer.alloc(0);
    let inData = false;
    let mailFrom: string | undefined;
    let rcptTo: string[] = [];

    reply('220 quadra-test ESMTP ready');
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          // The terminator may also follow DATA directly when the message is empty.
          const endAtStart = buffer.subarray(0, 3).toString() === '.\r\n' ? 0 : -1;
          if (end < 0 && endAtStart < 0) return;
          const body = endAtStart === 0 ? Buffer.alloc(0) : buffer.subarray(0, end + 2);
          buffer = buffer.subarray(endAtStart === 0 ? 3 : end + 5);
          inData = false;
          const raw = Buffer.from(body.toString('latin1').replace(/^\.\./gm, '.'), 'latin1');
          if (this.refusals > 0) {
            this.refusals--;
            reply('451 4.3.0 Temporarily unable to accept the message, try again later');
          } else {
            this.received.push({ mailFrom: mailFrom ?? '', rcptTo, raw });
            reply(`250 2.0.0 Ok: queued as ${this.received.length}`);
          }
          mailFrom = undefined;
          rcptTo = [];
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.subarray(0, eol).toString('utf8');
        buffer = buffer.subarray(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-quadra-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        } else if (verb === 'HELO') {
          reply('250 quadra-test');
        } else if (/^MAIL FROM:/i.test(line)) {
          mailFrom = /<([^>]*)>/.exec(line)?.[1] ?? '';
          rcptTo = [];
          reply('250 2.1.0 Ok');
        } else if (/^RCPT TO:/i.test(line)) {
          if (mailFrom === undefined) {
            reply('503 5.5.1 MAIL first');
            continue;
          }
          rcptTo.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 Ok');
        } else if (verb === 'DATA') {
          if (rcptTo.length === 0) {
            reply('554 5.5.1 No valid recipients');
          } else {
            inData = true;
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          mailFrom = undefined;
          rcptTo = [];
          reply('250 2.0.0 Ok');
        } else if (verb === 'NOOP') {
          reply('250 2.0.0 Ok');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        } else {
          reply('502 5.5.2 Command not recognised');
        }
      }
    });
  }
}
