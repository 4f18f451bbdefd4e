import fc from 'fast-check';
import { DomainError } from '../../kernel/errors';
import { CsvTokenizer, csvRows, decodeUtf8, parseCsv } from './csv';

const fieldsOf = (text: string) => parseCsv(text).rows.map((r) => r.fields);
const linesOf = (text: string) => parseCsv(text).rows.map((r) => r.line);

describe('CSV tokenizer (MyPay flows: ";" separated, " quoted)', () => {
  it('splits on ";" and strips the line ending, CRLF or LF', () => {
    expect(fieldsOf('a;b;c\r\nd;e;f\ng;h;i')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i'],
    ]);
  });

  it('keeps empty fields, including leading and trailing ones', () => {
    expect(fieldsOf(';a;;b;\r\n')).toEqual([['', 'a', '', 'b', '']]);
  });

  it('reads quoted fields with ";", doubled quotes and line breaks inside', () => {
    expect(fieldsOf('"Acme; S.r.l.";"Saldo ""TARI"" 2025";"riga 1\r\nriga 2";x\r\n')).toEqual([['Acme; S.r.l.', 'Saldo "TARI" 2025', 'riga 1\r\nriga 2', 'x']]);
  });

  it('reads an empty quoted field and a quoted field at the end of the line', () => {
    expect(fieldsOf('"";a;"z"\r\n"only"')).toEqual([['', 'a', 'z'], ['only']]);
  });

  it('drops a UTF-8 BOM at the start of the file only', () => {
    expect(fieldsOf('\uFEFFIUD;x\r\n\uFEFFa;b')).toEqual([
      ['IUD', 'x'],
      ['\uFEFFa', 'b'],
    ]);
  });

  it('skips blank and whitespace-only lines and counts them', () => {
    const { rows, emptyLines } = parseCsv('h1;h2\r\n\r\na;b\r\n   \r\n\nc;d\r\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ['h1', 'h2'],
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(emptyLines).toBe(3);
  });

  it('gives each row the 1-based line where it starts, counting blank lines and quoted line breaks', () => {
    expect(linesOf('header\r\n\r\n"two\r\nlines";x\r\nnext\r\n"a\nb\nc"\r\nlast')).toEqual([1, 3, 5, 6, 9]);
  });

  it('leaves a quote in the middle of an unquoted field as text', () => {
    expect(fieldsOf('Monitor 24" HD;b')).toEqual([['Monitor 24" HD', 'b']]);
  });

  it('flags text after a closing quote on that row only, keeping the text', () => {
    const { rows } = parseCsv('"abc"def;x\r\nok;y\r\n');
    expect(rows[0]).toMatchObject({ line: 1, fields: ['abcdef', 'x'], problem: { code: 'CSV_TEXT_AFTER_QUOTE' } });
    expect(rows[0]!.problem!.message).toContain('Line 1, field 1');
    expect(rows[1]).toEqual({ line: 2, fields: ['ok', 'y'] });
  });

  it('refuses an unterminated quote, naming the line where it opened', () => {
    let error: unknown;
    try {
      parseCsv('h;h\r\nok;ok\r\n"never closed;x\r\nmore;rows\r\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE', details: { line: 3 } });
    expect((error as Error).message).toMatch(/^Line 3:/);
  });

  it('accepts another delimiter when asked', () => {
    expect(parseCsv('a,b\r\n"c,d",e', { delimiter: ',' }).rows.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c,d', 'e'],
    ]);
  });

  it('gives the same rows whatever the chunks the text arrives in (CR, LF and "" split across chunks)', () => {
    const text = '\uFEFFIUD;causale\r\n\r\n"a;1";"x ""y"" z"\r\nb;"multi\r\nline"\r\n  \r\nc;"" \r\n"d";e\r\nlast;"q"';
    const whole = parseCsv(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(text.slice(from, p));
          from = p;
        }
        chunks.push(text.slice(from));
        const tokenizer = new CsvTokenizer();
        const rows = chunks.flatMap((c) => tokenizer.push(c));
        rows.push(...tokenizer.end());
        expect(rows).toEqual(whole.rows);
        expect(tokenizer.emptyLines).toBe(whole.emptyLines);
      }),
      { numRuns: 300 },
    );
  });

  it('a counting pass (headerOnly) splits the header only, yet finds the same rows, lines, blank lines and errors', () => {
    const text = '\uFEFFIUD;causale\r\n\r\n"a;1";"x ""y"" z"\r\nb;"multi\r\nline"\r\n  \r\nc;d\r\nlast;e';
    const full = parseCsv(text);
    const counting = parseCsv(text, { headerOnly: true });
    expect(counting.rows.map((r) => r.line)).toEqual(full.rows.map((r) => r.line));
    expect(counting.emptyLines).toBe(full.emptyLines);
    expect(counting.rows[0]!.fields).toEqual(['IUD', 'causale']);
    expect(counting.rows.filter((r) => r.fields.length === 0).map((r) => r.line)).toEqual([7, 8]);
    expect(() => parseCsv('h;h\r\nok;ok\r\n"never closed;x\r\n', { headerOnly: true })).toThrow(expect.objectContaining({ code: 'CSV_UNTERMINATED_QUOTE' }));
  });

  it('streams rows from chunks and returns the blank-line count at the end', () => {
    const gen = csvRows(['a;b\r', '\n\r\nc;', 'd']);
    const rows = [];
    let next = gen.next();
    while (!next.done) {
      rows.push(next.value.fields);
      next = gen.next();
    }
    expect(rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(next.value).toEqual({ emptyLines: 1 });
  });
});

describe('UTF-8 decoding of the inflated CSV', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('decodes multi-byte characters split across chunks', () => {
    const all = bytes('NICCOLÒ;Zoë');
    const text = [...decodeUtf8([all.subarray(0, 6), all.subarray(6, 7), all.subarray(7)])].join('');
    expect(text).toBe('NICCOLÒ;Zoë');
  });

  it('refuses a Windows-1252 file, naming the line of the first bad byte', () => {
    const latin1 = Uint8Array.from([...bytes('h;h\r\nok;ok\r\nROSSI NICCOL'), 0xd2, ...bytes(';x\r\n')]);
    expect(() => [...decodeUtf8([latin1])]).toThrow(expect.objectContaining({ code: 'CSV_NOT_UTF8', details: { line: 3 } }));
  });

  it('decodes a 4-byte character cut at every point, and keeps a BOM for the tokenizer to drop', () => {
    const all = bytes('\uFEFFa;😀;b\n');
    for (let cut = 1; cut < all.length; cut++) {
      expect([...decodeUtf8([all.subarray(0, cut), all.subarray(cut)])].join('')).toBe('\uFEFFa;😀;b\n');
    }
  });

  it('refuses a file that ends in the middle of a character', () => {
    const cut = bytes('a;b\nNICCOLÒ').slice(0, -1);
    expect(() => [...decodeUtf8([cut])]).toThrow(expect.objectContaining({ code: 'CSV_NOT_UTF8', details: { line: 2 } }));
  });

  it('refuses a bad byte that arrives at the start of the next chunk, counting the lines of the chunks before', () => {
    const chunks = [bytes('h;h\nok;ok\n'), Uint8Array.from([0x80, ...bytes(';x\n')])];
    expect(() => [...decodeUtf8(chunks)]).toThrow(expect.objectContaining({ code: 'CSV_NOT_UTF8', details: { line: 3 } }));
  });
});
