import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../../kernel/errors';
import { parseReceiptDocument } from '../soap/archived-receipt';
import { renderRicevutaPdf, ricevutaInputFromReceipt, type RicevutaPdfInput } from './ricevuta-pdf';
import { extractImages, extractText, readObjects, PdfName } from './testing/pdf-inspect';

const ricevuta = (over: Partial<RicevutaPdfInput> = {}): RicevutaPdfInput => ({
  ente: { denominazione: 'Comune di Vigevano', cfEnte: '80016350821', codIpa: 'c_l872' },
  payer: { anagrafica: 'Mario Rossi', codiceIdentificativo: 'RSSMRA80A01F205X', tipoIdentificativo: 'F' },
  versante: { anagrafica: 'Anna Bianchi', codiceIdentificativo: 'BNCNNA85B41F205Y', email: 'anna@example.org' },
  causale: 'TARI 2026 - acconto prima rata',
  importoCents: 14792,
  fee: 150,
  receiptId: 'c110729d258c4ab1b765fe902aae41d6',
  iuv: '01000000000000144',
  numeroAvviso: '301000000000000144',
  psp: { id: 'BCITITMM', name: 'Intesa Sanpaolo' },
  paymentDateTime: '2026-03-15T09:22:05Z',
  outcome: 'OK',
  ...over,
});

const pages = (pdf: Buffer): number =>
  [...readObjects(pdf).values()].filter((o) => o.value instanceof Map && (o.value.get('Type') as PdfName | undefined)?.name === 'Page').length;

describe('receipt PDF (ricevuta di pagamento)', () => {
  it('shows who paid whom, what, how much with the fee, when in Italian time, through which PSP, with IUV and IUR', async () => {
    const pdf = await renderRicevutaPdf(ricevuta());
    const text = extractText(pdf);

    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('PAGAMENTO ESEGUITO');
    expect(text).toContain('Comune di Vigevano');
    expect(text).toContain('Codice fiscale 80016350821');
    expect(text).toContain('Mario Rossi');
    expect(text).toContain('Anna Bianchi');
    expect(text).toContain('TARI 2026 - acconto prima rata');
    expect(text).toContain('147,92 €');
    expect(text).toContain('1,50 €');
    expect(text).toContain('149,42 €'); // importo + commissione
    expect(text).toContain('15/03/2026 10:22:05'); // 09:22 UTC is 10:22 in Rome in March
    expect(text).toContain('3010 0000 0000 0001 44');
    expect(text).toContain('01000000000000144');
    expect(text).toContain('c110729d258c4ab1b765fe902aae41d6');
    expect(text).toContain('Intesa Sanpaolo (BCITITMM)');
    expect(pages(pdf)).toBe(1);
    expect(extractImages(pdf)).toHaveLength(0);
  });

  it('says plainly when the payment was not made', async () => {
    const text = extractText(await renderRicevutaPdf(ricevuta({ outcome: 'KO' })));
    expect(text).toContain('PAGAMENTO NON ESEGUITO');
    expect(text).not.toContain('PAGAMENTO ESEGUITO');
  });

  it('leaves out fee, total, versante and codice avviso when the receipt has none', async () => {
    const text = extractText(await renderRicevutaPdf(ricevuta({ fee: undefined, versante: undefined, numeroAvviso: undefined, psp: { id: 'BCITITMM' } })));
    expect(text).not.toContain('Commissione');
    expect(text).not.toContain('Totale');
    expect(text).not.toContain('Versante');
    expect(text).not.toContain('Codice avviso');
    expect(text).toContain('BCITITMM');
  });

  it('is deterministic: the same receipt gives the same bytes, dated by the payment unless told otherwise', async () => {
    const a = await renderRicevutaPdf(ricevuta());
    expect(a.equals(await renderRicevutaPdf(ricevuta()))).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20260315092205Z)');
    const later = await renderRicevutaPdf(ricevuta({ generatedAt: '2026-04-01T10:00:00+02:00' }));
    expect(later.toString('latin1')).toContain('(D:20260401080000Z)');
  });

  it('stays on one page with the longest values pagoPA allows', async () => {
    const long = 'Pagamento di una causale molto lunga che occupa tutti i centoquaranta caratteri consentiti da pagoPA '.padEnd(140, 'x');
    const pdf = await renderRicevutaPdf(
      ricevuta({
        causale: long,
        ente: { denominazione: 'Azienda Socio Sanitaria Territoriale '.repeat(4), cfEnte: '80016350821' },
        payer: { anagrafica: 'Nome Molto Lungo '.repeat(5), codiceIdentificativo: 'RSSMRA80A01F205X', indirizzo: 'Via '.repeat(30), cap: '00100', localita: 'Roma' },
        psp: { id: 'ABCDITMMXXX', name: 'Prestatore di servizi di pagamento con un nome lungo S.p.A. '.repeat(2) },
      }),
    );
    expect(pages(pdf)).toBe(1);
  });

  describe('refuses a receipt it cannot print truthfully', () => {
    const refusal = async (over: Partial<RicevutaPdfInput>) =>
      renderRicevutaPdf(ricevuta(over)).then(
        () => {
          throw new Error('expected a refusal');
        },
        (e: unknown) => {
          expect(e).toBeInstanceOf(DomainError);
          return { code: (e as DomainError).code, field: (e as DomainError).field };
        },
      );

    it('a local payment time, a negative or fractional amount, an unknown outcome, no IUR or PSP', async () => {
      expect(await refusal({ paymentDateTime: '2026-03-15T10:22:05' })).toEqual({ code: 'INVALID_DATE_TIME', field: 'paymentDateTime' });
      expect(await refusal({ importoCents: -1 })).toEqual({ code: 'INVALID_AMOUNT', field: 'importoCents' });
      expect(await refusal({ fee: 1.5 })).toEqual({ code: 'INVALID_AMOUNT', field: 'fee' });
      expect(await refusal({ outcome: 'MAYBE' as 'OK' })).toEqual({ code: 'INVALID_OUTCOME', field: 'outcome' });
      expect(await refusal({ receiptId: '' })).toEqual({ code: 'FIELD_REQUIRED', field: 'receiptId' });
      expect(await refusal({ psp: { id: ' ' } })).toEqual({ code: 'FIELD_REQUIRED', field: 'psp.id' });
      expect(await refusal({ versante: { anagrafica: 'X', codiceIdentificativo: '' } })).toEqual({ code: 'FIELD_REQUIRED', field: 'versante.codiceIdentificativo' });
    });
  });
});

const F = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures');
const d = fs.existsSync(F) ? describe : describe.skip;
if (!fs.existsSync(F)) console.log('SKIP: ricevuta from pagoPA receipt fixtures: shared/fixtures not found');

d('ricevuta from a real pagoPA receipt (p4pa RECEIPT_VALID.xml, paSendRTV2Request)', () => {
  it('prints the receipt as the parser reads it: amounts, fee, Rome time, PSP, debtor and payer', async () => {
    const receipt = parseReceiptDocument(fs.readFileSync(path.join(F, 'receipts', 'payhub-activities', 'RECEIPT_VALID.xml')));
    const input = ricevutaInputFromReceipt(receipt);
    const text = extractText(await renderRicevutaPdf(input));

    expect(input.generatedAt).toBeUndefined();
    expect(text).toContain('company EC1');
    expect(text).toContain('Codice fiscale 77777777777');
    expect(text).toContain('John Doe');
    expect(text).toContain('JHNDOE00A01F205N');
    expect(text).toContain('89020 city (MI)');
    expect(text).toContain('30,00 €');
    expect(text).toContain('2,00 €');
    expect(text).toContain('32,00 €');
    expect(text).toContain('01/10/2021 17:48:22'); // sent as Italian local time, shown unchanged
    expect(text).toContain('PSP name (88888888888)');
    expect(text).toContain('c110729d258c4ab1b765fe902aae41d6');
    // The sample's notice number has wrong check digits (see SOURCES.md): a receipt is printed as received.
    expect(text).toContain('3111 1111 1112 2222 22');
    // Debtor and payer are the same person here: printed once.
    expect(text).not.toContain('VERSANTE');
  });
});
