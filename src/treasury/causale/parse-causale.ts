import { DomainError } from '../../kernel/errors';
import { xsDateToIso } from '../../reporting/parsers/iso-date';
import { IUF_PATTERN } from '../../reporting/parsers/iuf';

/** Longest text searched for an IUF or IUV; bank causali are a few hundred characters. */
export const CAUSALE_MAX_CHARS = 10_000;

export type CausaleKind = 'cumulative' | 'punctual' | 'none';

export interface ParsedCausale {
  /** Flow id after LGPE-RIVERSAMENTO: the transfer pays a whole FR (cumulative riversamento). */
  iuf?: string;
  /** IUV after /RFB/ (or the creditor reference after /RFS/): the transfer pays one payment (punctual). */
  iuv?: string;
  kind: CausaleKind;
}

/**
 * Reads the SCT remittance information (AT-05) the way SACI and MyPivot do: cumulative
 * "/PUR/LGPE-RIVERSAMENTO/URI/<IUF>" or punctual "/RFB/<IUV>/<importo>" ("/RFS/<ref>/..." as a fallback).
 *
 * Banks rewrite the text: ".PUR.LGPE-RIVERSAMENTO.URI." or " URI " instead of slashes, spaces around the dash,
 * "/TXT/n/" inserted before URI, and fixed-width wrapping that puts a space or a line break anywhere, including
 * inside the IUF date ("2024-07- 26..."). The IUF stops at the first space once it is complete, so
 * "2024-07-26PPAYITR1XXX-S2024072600 :SEC:CASH" gives "2024-07-26PPAYITR1XXX-S2024072600".
 */
export function parseCausale(text: string | null | undefined): ParsedCausale {
  if (text === null || text === undefined) return { kind: 'none' };
  if (text.length > CAUSALE_MAX_CHARS) {
    throw new DomainError('CAUSALE_TOO_LONG', `The causale is ${text.length} characters; at most ${CAUSALE_MAX_CHARS} are read`, 'too_large', 'causale', {
      length: text.length,
      maxChars: CAUSALE_MAX_CHARS,
    });
  }
  const s = text.replace(/\r\n?/g, '\n');
  const iuf = findIuf(s);
  const iuv = findIuv(s);
  const out: ParsedCausale = { kind: iuf ? 'cumulative' : iuv ? 'punctual' : 'none' };
  if (iuf) out.iuf = iuf;
  if (iuv) out.iuv = iuv;
  return out;
}

/**
 * Several text fields of one movement (causale, descrizione, descrizione estesa, end-to-end id...). A field cut by
 * the bank can hold a truncated copy of the IUF found whole in another, so the longest candidate wins.
 */
export function parseCausaleFields(texts: readonly (string | null | undefined)[]): ParsedCausale {
  let iuf: string | undefined;
  let iuv: string | undefined;
  for (const text of texts) {
    const p = parseCausale(text);
    if (p.iuf && (!iuf || p.iuf.length > iuf.length)) iuf = p.iuf;
    if (p.iuv && (!iuv || p.iuv.length > iuv.length)) iuv = p.iuv;
  }
  const out: ParsedCausale = { kind: iuf ? 'cumulative' : iuv ? 'punctual' : 'none' };
  if (iuf) out.iuf = iuf;
  if (iuv) out.iuv = iuv;
  return out;
}

// "L GPE - RIVERSAMENTO": a wrap may fall inside either word.
const spaced = (word: string) => word.split('').join('\\s?');
const MARKER = new RegExp(`${spaced('LGPE')}\\s*-\\s*${spaced('RIVERSAMENTO')}`, 'gi');
const BEFORE_IUF = /^[\s/.]*(?:TXT[\s/.]*\d[\s/.]*)?U\s?R\s?I[\s/.]*/i;
const DATE_START = /^(\d)\s?(\d)\s?(\d)\s?(\d)\s?-\s?(\d)\s?(\d)\s?-\s?(\d)\s?(\d)/;
const ID_TOKEN = /^[A-Za-z0-9_-]+/;
const MAX_IUF = 35;

function findIuf(s: string): string | undefined {
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(s); m; m = MARKER.exec(s)) {
    const after = s.slice(m.index + m[0].length);
    const sep = BEFORE_IUF.exec(after);
    if (!sep) continue;
    const iuf = readIuf(after.slice(sep[0].length));
    if (iuf) return iuf;
  }
  return undefined;
}

function readIuf(s: string): string | undefined {
  const date = DATE_START.exec(s);
  if (!date) {
    // An IUF without the date prefix (older flows): one token, but never the stub of a cut date like "2025-05-".
    const token = ID_TOKEN.exec(s)?.[0];
    if (!token || /^\d{4}-/.test(token) || !IUF_PATTERN.test(token)) return undefined;
    return token;
  }
  const day = `${date[1]}${date[2]}${date[3]}${date[4]}-${date[5]}${date[6]}-${date[7]}${date[8]}`;
  if (!xsDateToIso(day)) return undefined;
  let tail = '';
  let rest = s.slice(date[0].length);
  for (;;) {
    const gap = /^\s*/.exec(rest)![0];
    const token = ID_TOKEN.exec(rest.slice(gap.length))?.[0];
    if (!token) break;
    const candidate = tail + token;
    if (day.length + candidate.length > MAX_IUF) break;
    if (gap.length > 0 && tail.length > 0) {
      // Across a space the IUF continues only while incomplete, and only over a line break or when the next
      // piece completes it: "ABC123 ACCREDITO" must not become one id, "PPAYIT R1XXX-S2024" must.
      if (isComplete(tail)) break;
      if (!gap.includes('\n') && !isComplete(candidate)) break;
    } else if (gap.length > 0 && !gap.includes('\n') && !isComplete(token) && !/\d/.test(token)) {
      // "2023-01-01 ABC123" is one IUF split after its date; "2024-07-26 ACCREDITO BOLLETTINO" is a cut one.
      break;
    }
    tail = candidate;
    rest = rest.slice(gap.length + token.length);
  }
  if (tail.length === 0) return undefined;
  const iuf = day + tail;
  return IUF_PATTERN.test(iuf) ? iuf : undefined;
}

/** <idPSP>-<n>: a dash with something on both sides. */
const isComplete = (tail: string) => /[A-Za-z0-9_]-[A-Za-z0-9_]/.test(tail);

const RF_REFERENCE = /(?:^|[\s/.:])RF([BS])[\s/.]\s?([A-Za-z0-9]+)/g;
const MAX_IUV = 25;

function findIuv(s: string): string | undefined {
  return findReference(s, 'B') ?? findReference(s, 'S');
}

function findReference(s: string, kind: 'B' | 'S'): string | undefined {
  RF_REFERENCE.lastIndex = 0;
  for (let m = RF_REFERENCE.exec(s); m; m = RF_REFERENCE.exec(s)) {
    if (m[1] !== kind) continue;
    let ref = m[2];
    // A numeric IUV wrapped by the bank: "/RFB/0123456789 1234567/150.00" is one 17-digit IUV.
    if (/^\d+$/.test(ref) && ref.length < 17) {
      const cont = /^\s(\d+)(?=\/|\s|$)/.exec(s.slice(m.index + m[0].length));
      if (cont && [15, 17].includes(ref.length + cont[1].length)) ref += cont[1];
    }
    if (ref.length <= MAX_IUV) return ref;
  }
  return undefined;
}
