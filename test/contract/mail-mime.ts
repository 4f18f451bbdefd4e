/**
 * A small MIME reader for tests: enough to look at a delivered message the way a mail client would
 * (decoded headers, parts, decoded bodies), without trusting the library that built it.
 */
export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
  parts: MimePart[];
}

/** RFC 2047 encoded words ("=?UTF-8?Q?Ricevuta_=E2=82=AC?="), adjacent words joined as the RFC says. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return bytes.toString('utf8');
    });
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('ascii').replace(/\s+/g, ''), 'base64');
    case 'quoted-printable': {
      const text = body.toString('latin1').replace(/=\r?\n/g, '');
      return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    }
    default:
      return body;
  }
}

/** The value of a header parameter (boundary, filename), with RFC 2231 filename*=utf-8''... understood. */
export function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const extended = new RegExp(`;\\s*${name}\\*=([^']*)'[^']*'([^;\\s]+)`, 'i').exec(header);
  if (extended) return decodeURIComponent(extended[2]);
  const plain = new RegExp(`;\\s*${name}=("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
  return plain ? decodeWords(plain[2] ?? plain[1]) : undefined;
}

export function parseMime(raw: Buffer): MimePart {
  const text = raw.toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  const headText = split ? text.slice(0, split.index) : text;
  const bodyStart = split ? split.index + split[0].length : text.length;
  const headers: Record<string, string> = {};
  for (const line of headText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
  }
  const body = raw.subarray(Buffer.byteLength(text.slice(0, bodyStart), 'latin1'));
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /^multipart\//i.test(type) ? param(type, 'boundary') : undefined;
  if (!boundary) return { headers, body: decodeBody(body, headers['content-transfer-encoding']), parts: [] };

  const sections = body.toString('latin1').split(`--${boundary}`);
  const parts = sections
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .map((s) => parseMime(Buffer.from(s.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), 'latin1')));
  return { headers, body: Buffer.alloc(0), parts };
}

export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

export function attachmentsOf(message: MimePart): { filename: string; contentType: string; content: Buffer }[] {
  return leaves(message)
    .filter((p) => /^attachment/i.test(p.headers['content-disposition'] ?? ''))
    .map((p) => ({
      filename: param(p.headers['content-disposition'], 'filename') ?? param(p.headers['content-type'], 'name') ?? '',
      contentType: (p.headers['content-type'] ?? '').split(';')[0].trim(),
      content: p.body,
    }));
}

export function textOf(message: MimePart, type: 'text/plain' | 'text/html'): string | undefined {
  const part = leaves(message).find(
    (p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(type) && !/^attachment/i.test(p.headers['content-disposition'] ?? ''),
  );
  // Line ends as a mail client shows them: on the wire every text line ends in CRLF.
  return part?.body.toString('utf8').replace(/\r\n/g, '\n');
}
