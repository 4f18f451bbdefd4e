import jsQR from 'jsqr';
import { DomainError } from '../../kernel/errors';
import { renderAvviso, renderAvvisoPdf, type AvvisoPdfInput } from './avviso-pdf';
import { avvisoQrPayload } from './avviso-qr';
import { qrPng } from './qr-png';
import { extractImages, extractText, PdfName, readObjects } from './testing/pdf-inspect';

const avviso = (over: Partial<AvvisoPdfInput> = {}): AvvisoPdfInput => ({
  ente: { denominazione: 'Comune di Vigevano', cfEnte: '80016350821', codIpa: 'c_l872' },
  payer: {
    anagrafica: 'Mario Rossi',
    codiceIdentificativo: 'RSSMRA80A01F205X',
    tipoIdentificativo: 'F',
    indirizzo: 'Via Roma',
    civico: '1',
    cap: '27029',
    localita: 'Vigevano',
    provincia: 'pv',
  },
  causale: 'TARI 2026 - acconto prima rata',
  importoCents: 14792,
  dataScadenza: '2026-12-31',
  numeroAvviso: '301000000000000144',
  iuv: '01000000000000144',
  codiceCbill: 'A1B2C',
  tipoDovuto: 'Tassa rifiuti',
  generatedAt: '2026-11-02T09:30:00+01:00',
  ...over,
});

/** Scans every image of the PDF the way a PSP app would: pixels in, text out. */
const scanQrCodes = (pdf: Buffer): string[] =>
  extractImages(pdf)
    .map((img) => jsQR(img.rgba, img.width, img.height)?.data)
    .filter((d): d is string => d !== undefined);

describe('payment notice PDF (avviso di pagamento)', () => {
  it('carries a QR code that a scanner reads as the pagoPA payload of this notice', async () => {
    const input = avviso();
    const pdf = await renderAvvisoPdf(input);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const expected = avvisoQrPayload({ numeroAvviso: input.numeroAvviso, cfEnte: input.ente.cfEnte, importoCents: input.importoCents });
    expect(expected).toBe('PAGOPA|002|301000000000000144|80016350821|14792');
    expect(scanQrCodes(pdf)).toEqual([expected]);
  });

  it('returns the payload it encoded, so callers can store or log it', async () => {
    const { pdf, qrPayload } = await renderAvviso(avviso({ importoCents: 5 }));
    expect(qrPayload).toBe('PAGOPA|002|301000000000000144|80016350821|05');
    expect(scanQrCodes(pdf)).toEqual([qrPayload]);
  });

  it('prints the codice avviso in groups of four, the amount with comma decimals, the deadline and the CF ente', async () => {
    const text = extractText(await renderAvvisoPdf(avviso()));

    expect(text).toContain('3010 0000 0000 0001 44');
    expect(text).toContain('147,92 €');
    expect(text).toContain('entro il 31/12/2026');
    expect(text).toContain('80016350821');
    expect(text).toContain('Comune di Vigevano');
    expect(text).toContain('Mario Rossi');
    expect(text).toContain('RSSMRA80A01F205X');
    expect(text).toContain('27029 Vigevano (PV)');
    expect(text).toContain('TARI 2026 - acconto prima rata');
    expect(text).toContain('A1B2C');
    expect(text).toContain('DOVE PAGARE?');
    expect(text).toContain('DATI PER IL PAGAMENTO');
  });

  it('says there is no deadline when the position has none, and groups thousands in large amounts', async () => {
    const text = extractText(await renderAvvisoPdf(avviso({ dataScadenza: undefined, importoCents: 123456789 })));
    expect(text).toContain('senza scadenza');
    expect(text).not.toContain('entro il');
    expect(text).toContain('1.234.567,89 €');
  });

  it('prints names outside the PDF standard character set readably instead of as garbage', async () => {
    const text = extractText(await renderAvvisoPdf(avviso({ payer: { anagrafica: 'Ștefan Łukasz Müller', codiceIdentificativo: 'MLLSFN80A01Z129X' } })));
    expect(text).toContain('Stefan ?ukasz Müller');
  });

  it('gives the same bytes for the same notice (re-issuing it changes nothing), other bytes for another date', async () => {
    const a = await renderAvvisoPdf(avviso());
    const b = await renderAvvisoPdf(avviso());
    const c = await renderAvvisoPdf(avviso({ generatedAt: '2026-11-03T09:30:00+01:00' }));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.toString('latin1')).toContain('(D:20261102083000Z)'); // 09:30 in Rome is 08:30 UTC
  });

  it('embeds the ente logo when given one', async () => {
    const logoPng = qrPng('logo', { modulePx: 1 }).png; // any valid PNG will do as a logo
    const pdf = await renderAvvisoPdf(avviso({ ente: { ...avviso().ente, logoPng } }));
    expect(extractImages(pdf)).toHaveLength(2);
    expect(scanQrCodes(pdf)).toContain('PAGOPA|002|301000000000000144|80016350821|14792');
  });

  it('keeps concurrent renders apart: each notice of a batch carries its own QR and amount', async () => {
    const notices = [
      avviso({ numeroAvviso: '312000000000042167', iuv: '12000000000042167', importoCents: 100 }),
      avviso({ importoCents: 2550 }),
      avviso({ numeroAvviso: '300000000000000003', iuv: '00000000000000003', importoCents: 99_999_999_999 }),
    ];
    const pdfs = await Promise.all(notices.map(renderAvvisoPdf));

    expect(pdfs.map(scanQrCodes)).toEqual([
      ['PAGOPA|002|312000000000042167|80016350821|100'],
      ['PAGOPA|002|301000000000000144|80016350821|2550'],
      ['PAGOPA|002|300000000000000003|80016350821|99999999999'],
    ]);
    expect(extractText(pdfs[0]!)).toContain('1,00 €');
    expect(extractText(pdfs[1]!)).toContain('25,50 €');
    expect(extractText(pdfs[2]!)).toContain('999.999.999,99 €');
  });

  it('stays on one page, QR intact, with the longest values a position can hold', async () => {
    const pdf = await renderAvvisoPdf(
      avviso({
        causale: 'Pagamento della tassa sui rifiuti per l\'anno 2026 relativa all\'immobile di via Garibaldi, acconto, prima rata di tre, '.padEnd(140, 'x'),
        ente: { denominazione: 'Azienda Socio Sanitaria Territoriale della Provincia '.repeat(3), cfEnte: '80016350821', codIpa: 'asst_xxxx' },
        payer: { anagrafica: 'Nome Molto Lungo '.repeat(6), codiceIdentificativo: '01234567897', indirizzo: 'Via '.repeat(30), civico: '1234/B', cap: '00100', localita: 'Roma', provincia: 'RM', nazione: 'IT' },
        tipoDovuto: 'Tassa rifiuti '.repeat(6),
      }),
    );
    const pageObjects = [...readObjects(pdf).values()].filter((o) => o.value instanceof Map && (o.value.get('Type') as PdfName | undefined)?.name === 'Page');
    expect(pageObjects).toHaveLength(1);
    expect(scanQrCodes(pdf)).toEqual(['PAGOPA|002|301000000000000144|80016350821|14792']);
    expect(extractText(pdf)).toContain('Partita IVA / C.F. 01234567897');
  });

  describe('refuses a notice nobody could pay', () => {
    const refusal = async (over: Partial<AvvisoPdfInput>) => {
      try {
        await renderAvvisoPdf(avviso(over));
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return { code: (e as DomainError).code, field: (e as DomainError).field, message: (e as DomainError).message };
      }
      throw new Error('expected a refusal');
    };

    it('wrong check digits in the numero avviso', async () => {
      const r = await refusal({ numeroAvviso: '301000000000000145', iuv: '01000000000000145' });
      expect(r).toMatchObject({ code: 'NUMERO_AVVISO_CHECK_DIGITS', field: 'numeroAvviso' });
      expect(r.message).toContain('expected 44');
    });

    it('zero or fractional cents', async () => {
      expect(await refusal({ importoCents: 0 })).toMatchObject({ code: 'INVALID_AMOUNT', field: 'importoCents' });
      expect(await refusal({ importoCents: 147.92 })).toMatchObject({ code: 'INVALID_AMOUNT' });
    });

    it('a CF ente with a wrong check digit or the wrong length', async () => {
      expect(await refusal({ ente: { denominazione: 'Comune', cfEnte: '80016350822' } })).toMatchObject({ code: 'PARTITA_IVA_CHECK_DIGIT', field: 'cfEnte' });
      expect(await refusal({ ente: { denominazione: 'Comune', cfEnte: '8001635082' } })).toMatchObject({ code: 'INVALID_PARTITA_IVA', field: 'cfEnte' });
    });

    it('an IUV that is not the one inside the numero avviso', async () => {
      expect(await refusal({ iuv: '12000000000042167' })).toMatchObject({ code: 'IUV_NUMERO_AVVISO_MISMATCH', field: 'iuv' });
    });

    it('an impossible deadline, a bad CBILL code, a generation time without zone, a missing causale or payer', async () => {
      expect(await refusal({ dataScadenza: '2026-02-30' })).toMatchObject({ code: 'INVALID_DATE', field: 'dataScadenza' });
      expect(await refusal({ dataScadenza: '31/12/2026' })).toMatchObject({ code: 'INVALID_DATE', field: 'dataScadenza' });
      expect(await refusal({ codiceCbill: 'ab' })).toMatchObject({ code: 'INVALID_CBILL', field: 'codiceCbill' });
      expect(await refusal({ generatedAt: '2026-11-02T09:30:00' })).toMatchObject({ code: 'INVALID_DATE_TIME', field: 'generatedAt' });
      expect(await refusal({ causale: '  ' })).toMatchObject({ code: 'FIELD_REQUIRED', field: 'causale' });
      expect(await refusal({ causale: 'x'.repeat(141) })).toMatchObject({ code: 'CAUSALE_TOO_LONG', field: 'causale' });
      expect(await refusal({ payer: { anagrafica: '', codiceIdentificativo: 'X' } })).toMatchObject({ code: 'FIELD_REQUIRED', field: 'payer.anagrafica' });
    });

    it('a logo that is not an image', async () => {
      expect(await refusal({ ente: { ...avviso().ente, logoPng: Buffer.from('GIF89a....') } })).toMatchObject({ code: 'INVALID_LOGO' });
    });
  });
});
