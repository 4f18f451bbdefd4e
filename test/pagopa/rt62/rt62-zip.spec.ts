import { strToU8, zipSync } from 'fflate';
import { DomainError } from '../../../src/kernel/errors';
import { buildRt62 } from '../../../src/pagopa/rt62/rt62-builder';
import { parseRt62Zip } from '../../../src/pagopa/rt62/rt62-zip';
import { rt62Input } from '../helpers/samples';

const rt = (iuv: string) => strToU8(buildRt62(rt62Input({ iuv })));

function zipError(zip: Uint8Array, limits?: Parameters<typeof parseRt62Zip>[1]): DomainError {
  try {
    parseRt62Zip(zip, limits);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the ZIP to be refused');
}

/** Rewrites the uncompressed size an entry declares, in its local header and in the central directory. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const buf = Buffer.from(zip);
  buf.writeUInt32LE(size, 22);
  const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  buf.writeUInt32LE(size, central + 24);
  return new Uint8Array(buf);
}

describe('parseRt62Zip', () => {
  it('parses every RT and reports each broken file by name, the others unaffected', () => {
    const zip = zipSync({
      'rt-1.xml': rt('000000000000001'),
      'rt-2.xml': rt('000000000000002'),
      'broken.xml': strToU8('<RT xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"><versioneOggetto>6.2.0'),
      'notes.txt': strToU8('not xml at all'),
    });
    const result = parseRt62Zip(zip);
    expect(result).toMatchObject({ parsed: 2, failed: 2 });
    expect(result.files.map((f) => [f.name, f.receipt?.creditorReferenceId ?? f.error?.code])).toEqual([
      ['rt-1.xml', '000000000000001'],
      ['rt-2.xml', '000000000000002'],
      ['broken.xml', 'XML_MALFORMED'],
      ['notes.txt', 'XML_MALFORMED'],
    ]);
    expect(result.files[2]!.error!.message).toMatch(/^broken\.xml is not well-formed XML/);
  });

  it('refuses entries in folders or with .. in their name, without reading them; skips folder entries', () => {
    const zip = zipSync({ 'ok.xml': rt('000000000000001'), 'sub/rt.xml': rt('000000000000002'), '../evil.xml': rt('000000000000003'), 'dir/': new Uint8Array(0) });
    const result = parseRt62Zip(zip);
    expect(result.files.map((f) => [f.name, f.error?.code ?? 'ok'])).toEqual([
      ['ok.xml', 'ok'],
      ['sub/rt.xml', 'ZIP_ENTRY_NAME'],
      ['../evil.xml', 'ZIP_ENTRY_NAME'],
    ]);
  });

  it('refuses an archive with more entries than allowed', () => {
    const zip = zipSync({ 'a.xml': rt('1'), 'b.xml': rt('2'), 'c.xml': rt('3') });
    const e = zipError(zip, { maxEntries: 2 });
    expect(e).toMatchObject({ code: 'ZIP_TOO_MANY_ENTRIES', kind: 'too_large' });
    expect(parseRt62Zip(zip, { maxEntries: 3 }).parsed).toBe(3);
  });

  it('refuses an archive whose uncompressed total exceeds the cap, before inflating (zip bomb)', () => {
    const bomb = zipSync({ 'a.xml': new Uint8Array(300_000), 'b.xml': new Uint8Array(300_000) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(5_000);
    expect(zipError(bomb, { maxTotalUncompressedBytes: 500_000, maxEntryBytes: 400_000 })).toMatchObject({ code: 'ZIP_TOO_LARGE', kind: 'too_large' });
  });

  it('refuses one oversized entry by name and reads the rest', () => {
    const zip = zipSync({ 'big.xml': new Uint8Array(2 * 1024 * 1024), 'rt.xml': rt('000000000000001') }, { level: 9 });
    const result = parseRt62Zip(zip);
    expect(result.files.map((f) => [f.name, f.error?.code ?? 'ok'])).toEqual([
      ['big.xml', 'XML_TOO_LARGE'],
      ['rt.xml', 'ok'],
    ]);
  });

  it('an entry that lies about its size is inflated only up to the declared size and refused', () => {
    const zip = declareSize(zipSync({ 'liar.xml': new Uint8Array(3_000_000).fill(0x41) }, { level: 9 }), 100);
    const result = parseRt62Zip(zip);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.error?.code).toBe('XML_MALFORMED');
  });

  it('refuses what is not a ZIP', () => {
    expect(zipError(strToU8('PK but not really a zip file')).code).toBe('ZIP_INVALID');
  });
});
