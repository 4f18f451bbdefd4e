/**
 * The standard PDF fonts (Helvetica) only carry the WinAnsi character set. pdfkit writes any other character as
 * its raw code point, which viewers show as garbage, so names like "Ștefan" or "Łukasz" must be reduced first:
 * accents that WinAnsi lacks are dropped ("Ș" → "S"), anything else becomes "?". Standard fonts are kept on
 * purpose: no font file to embed keeps each notice small and fast to render in batches of thousands.
 */

/** Code points above Latin-1 that WinAnsi places in 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

const isWinAnsi = (cp: number): boolean => (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);

const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (isWinAnsi(cp)) out += ch;
    else if (/\s/.test(ch) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else {
      const stripped = ch.normalize('NFD').replace(COMBINING_MARKS, '');
      out += stripped.length > 0 && [...stripped].every((c) => isWinAnsi(c.codePointAt(0)!)) ? stripped : '?';
    }
  }
  return out;
}
