import fs from 'node:fs';
import path from 'node:path';
import { isValidIban } from './iban';
import { isLegacyIuv, isValidIuv } from './iuv';
import { isValidNumeroAvviso } from './numero-avviso';
import { isValidCodiceFiscale } from './codice-fiscale';
import { isValidPartitaIva } from './partita-iva';

const F = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures');
const d = fs.existsSync(F) ? describe : describe.skip;
if (!fs.existsSync(F)) console.log('SKIP: identifiers on real pagoPA samples: shared/fixtures not found');

const read = (rel: string) => fs.readFileSync(path.join(F, rel), 'utf8');
const values = (rel: string, tag: string): string[] =>
  [...read(rel).matchAll(new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</(?:\\w+:)?${tag}>`, 'g'))].map((m) => m[1]!.trim());

d('identifiers on real pagoPA samples (shared/fixtures)', () => {
  it('accepts the one notice number with correct check digits (wisp-converter paSendRTV2Request)', () => {
    const [notice] = values('node-messages/wisp-converter/paSendRTV2Request.xml', 'noticeNumber');
    expect(notice).toBe('348172725623804858');
    expect(isValidNumeroAvviso(notice)).toBe(true);
  });

  it('refuses the notice numbers whose check digits SOURCES.md reports as wrong', () => {
    const notices = [
      ...values('receipts/payhub-activities/RECEIPT_VALID.xml', 'noticeNumber'),
      ...values('node-messages/wisp-converter/paSendRTV2.xml', 'noticeNumber'),
    ];
    expect(notices).toEqual(['311111111112222222', '348111111112222222']);
    for (const n of notices) expect(isValidNumeroAvviso(n)).toBe(false);
  });

  it('treats 15-digit IUVs of old reporting flows as legacy, never as aux-3 IUVs', () => {
    const iuvs = values('reporting/wisp-soap-converter/rendicontazione.xml', 'identificativoUnivocoVersamento');
    expect(iuvs).toEqual(['123456789112345']);
    for (const iuv of iuvs) {
      expect(isLegacyIuv(iuv)).toBe(true);
      expect(isValidIuv(iuv)).toBe(false);
    }
  });

  it('reads the 17-digit IUVs of the multi-payment FR as legacy (their mod-93 digits are wrong)', () => {
    const iuvs = values('reporting/fdr-xml-to-json/nodoInviaFlussoRendicontazione_morePayments.xmlRendicontazione.decoded.xml', 'identificativoUnivocoVersamento');
    expect(iuvs.length).toBe(5);
    for (const iuv of iuvs) {
      expect(isValidIuv(iuv)).toBe(false);
      expect(isLegacyIuv(iuv)).toBe(true);
    }
  });

  it('accepts the IBAN of the paSendRTV2 template and refuses the fake postal IBAN of the RPT sample', () => {
    expect(values('node-messages/p4pa-pu-feature-test/paSendRTV2.xml', 'IBAN').every((i) => isValidIban(i))).toBe(true);
    const rptIbans = values('node-messages/wisp-converter/rpt.xml', 'ibanAccredito');
    expect(rptIbans.length).toBeGreaterThan(0);
    expect(rptIbans.some((i) => !isValidIban(i))).toBe(true);
  });

  it('accepts the fake payer JHNDOE00A01F205N and the PagoPA S.p.A. fiscal code, refuses the 77777777777 placeholder', () => {
    const payers = values('receipts/payhub-activities/RECEIPT_VALID.xml', 'entityUniqueIdentifierValue');
    expect(payers).toContain('JHNDOE00A01F205N');
    expect(isValidCodiceFiscale('JHNDOE00A01F205N')).toBe(true);
    const fiscalCodes = new Set([
      ...values('node-messages/wisp-converter/paSendRTV2Request.xml', 'idPA'),
      ...values('receipts/payhub-activities/RECEIPT_VALID.xml', 'idPA'),
    ]);
    expect([...fiscalCodes].sort()).toEqual(['15376371009', '77777777777']);
    for (const cf of fiscalCodes) expect(isValidPartitaIva(cf)).toBe(cf !== '77777777777');
  });
});
