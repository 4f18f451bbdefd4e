import { DomainError } from '../../kernel/errors';
import { cumulativeCausale, punctualCausale } from './build-causale';
import { CAUSALE_MAX_CHARS, parseCausale, parseCausaleFields } from './parse-causale';

/** Shaped like the DESCRIZIONE ESTESA of a bank XLS export (tagged :XXX: fields, fixed-width wraps), data invented. */
const XLS_DESCRIZIONE_ESTESA =
  'Data Ordine: 25/07/2024; Descrizione Ordinante: BANCA ESEMPIO PRIVATE BANKING SPA                          VIA ROMA ' +
  ':BI2:BESEITMMXXX :BE1:COMUNE DI PROVA :IB1:IT60X0542811101000000123456 :IB2:IT02A0301503200000003517230 :TID:1001240000000001 ' +
  ':DTE:240725 :DTN:COMUNE DI PROVA :ERI:EUR 000000000016242 :IM2:000000000016242 :MA2:EU R ' +
  ':RI3:/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600 :SEC:CASH ' +
  ':OR1:BANCA ESEMPIO PRIVA TE BANKING SPA VIA ROMA 1 00100 ROMA :TR1:BANCA ESEMPIO CBILL PUBBLICA AMM';

describe('parseCausale: cumulative riversamento (IUF after LGPE-RIVERSAMENTO)', () => {
  it.each([
    ['the SACI form', '/PUR/LGPE-RIVERSAMENTO/URI/2025-03-1860000000001-S459321233', '2025-03-1860000000001-S459321233'],
    ['an XLS DESCRIZIONE ESTESA, stopping before :SEC:', XLS_DESCRIZIONE_ESTESA, '2024-07-26PPAYITR1XXX-S2024072600'],
    ['text before and after', 'ACCREDITO /PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600 ACCREDITO BOLLETTINO P.A.', '2024-07-26PPAYITR1XXX-S2024072600'],
    ['Poste "RI1" prefix', 'RI1/PUR/LGPE-RIVERSAMENTO/URI/2025-09-23BPPIITRRXXX-000038102790 ACCREDITO BOLLETTINO P.A.', '2025-09-23BPPIITRRXXX-000038102790'],
    ['dots instead of slashes (p4pa template)', '.PUR.LGPE-RIVERSAMENTO.URI.2025-05-20UNCRITMM-0001', '2025-05-20UNCRITMM-0001'],
    ['spaces instead of slashes', 'PUR LGPE-RIVERSAMENTO URI 2024-07-26PPAYITR1XXX-S2024072600', '2024-07-26PPAYITR1XXX-S2024072600'],
    ['a space after the dash', '/PUR/LGPE- RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['a space before the dash', '/PUR/LGPE -RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['spaces around the dash', '/PUR/LGPE - RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['a wrap inside LGPE', '/PUR/L GPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['lower case', '/pur/lgpe-riversamento/uri/2024-07-26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['GovPay /TXT/n/ before URI', '/ZZ3Comune/PUR/LGPE-RIVERSAMENTO/TXT/1/URI/2020-11-21GovPAYPsp-1234567890/ZZ4/4184', '2020-11-21GovPAYPsp-1234567890'],
    ['the date split by a space after the day dash', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07- 26PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['the date split by a space inside the day', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-2 6PPAYITR1XXX-S1', '2024-07-26PPAYITR1XXX-S1'],
    ['the date split by a line break', '/PUR/LGPE-RIVERSAMENTO/URI/2024-0\n7-26PPAYITR1XXX-S1 :SEC:CASH', '2024-07-26PPAYITR1XXX-S1'],
    ['a space between the date and the PSP (ACCREDITI VARI)', 'ACCREDITI VARI LGPE-RIVERSAMENTO/URI/2023-01-01 ABC123', '2023-01-01ABC123'],
    ['a space between the date and a PSP id without digits', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26 BCITITMM-000123 SCT', '2024-07-26BCITITMM-000123'],
    ['a CRLF wrap inside the PSP id', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYIT\r\nR1XXX-S2024072600 :SEC:', '2024-07-26PPAYITR1XXX-S2024072600'],
    ['a fixed-width space wrap before the dash', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYIT R1XXX-S2024072600 ACCREDITO', '2024-07-26PPAYITR1XXX-S2024072600'],
    ['a wrap right after the dash', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-\nS2024072600', '2024-07-26PPAYITR1XXX-S2024072600'],
    ['the IUF followed by a slash field', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S1/TXT/rata', '2024-07-26PPAYITR1XXX-S1'],
    ['an older IUF without the date', '/PUR/LGPE-RIVERSAMENTO/URI/ABCDEF123456 FINE', 'ABCDEF123456'],
    ['a test station with dashes in its id', '/PUR/LGPE-RIVERSAMENTO/URI/2023-04-01nodo-doc-dev-16818090899', '2023-04-01nodo-doc-dev-16818090899'],
    ['a first marker without URI, the second complete', 'LGPE-RIVERSAMENTO RATA; /PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PSPX-1', '2024-07-26PSPX-1'],
  ])('%s', (_label, text, iuf) => {
    expect(parseCausale(text)).toEqual({ kind: 'cumulative', iuf });
  });

  it.each([
    ['the truncated IUF of the p4pa OPI template', '.PUR.LGPE-RIVERSAMENTO.URI.2025-05-'],
    ['a cut date followed by a tag', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07 :SEC:CASH'],
    ['a date that does not exist', '/PUR/LGPE-RIVERSAMENTO/URI/2024-02-30PSP-1'],
    ['a bare date with nothing after it', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26 :SEC:CASH'],
    ['URI missing', '/PUR/LGPE-RIVERSAMENTO/2024-07-26PSP-1'],
    ['a date followed by an ordinary word', '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26 ACCREDITO BOLLETTINO'],
    ['an id longer than 35 characters', '/PUR/LGPE-RIVERSAMENTO/URI/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789XYZ'],
  ])('finds no IUF in %s', (_label, text) => {
    expect(parseCausale(text)).toEqual({ kind: 'none' });
  });

  it('does not glue an older IUF to the next word', () => {
    expect(parseCausale('/PUR/LGPE-RIVERSAMENTO/URI/2016-01-01ABC123 ACCREDITO').iuf).toBe('2016-01-01ABC123');
  });

  it('stops at the 35-character IUF limit', () => {
    expect(parseCausale('/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYIT R1XXX-S202407260012345678901').iuf).toBe('2024-07-26PPAYIT');
  });
});

describe('parseCausale: punctual riversamento (IUV after /RFB/, then /RFS/)', () => {
  it.each([
    ['SACI /RFB/ with amount', '/RFB/01000000000000144/147.92', '01000000000000144'],
    ['/RFB/ with amount and text', '/RFB/01000000000000144/147.92/TXT/TARI 2024 RATA 1', '01000000000000144'],
    ['/RFB/ at the end', 'BONIFICO /RFB/01000000000000144', '01000000000000144'],
    ['a 15-digit legacy IUV', '/RFB/123456789112345/999.00', '123456789112345'],
    ['an alphanumeric IUV', '/RFB/RF23567483937849450550/10.00', 'RF23567483937849450550'],
    ['RFB separated by spaces', 'CAUSALE RFB 01000000000000144 147,92', '01000000000000144'],
    ['a 17-digit IUV wrapped by the bank', '/RFB/0100000000 0000144/147.92', '01000000000000144'],
    ['/RFS/ with a creditor reference', '/RFS/RF18539007547034/150.00/TXT/rata', 'RF18539007547034'],
    ['/RFB/ preferred to /RFS/', '/RFS/RF18539007547034/1.00 /RFB/01000000000000144/1.00', '01000000000000144'],
  ])('%s', (_label, text, iuv) => {
    expect(parseCausale(text)).toEqual({ kind: 'punctual', iuv });
  });

  it.each([
    ['RFB inside a word', 'PAGAMENTO XRFB/0100000000000014/1.00'],
    ['an IUV longer than 25 characters', '/RFB/12345678901234567890123456/1.00'],
    ['no reference at all', 'GIROCONTO DA CONTO 0000005'],
    ['an empty causale', ''],
  ])('finds no IUV in %s', (_label, text) => {
    expect(parseCausale(text)).toEqual({ kind: 'none' });
  });

  it('reports both when a causale names an IUF and an IUV, and calls it cumulative', () => {
    expect(parseCausale('/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PSPX-1 /RFB/01000000000000144/1.00')).toEqual({
      kind: 'cumulative',
      iuf: '2024-07-26PSPX-1',
      iuv: '01000000000000144',
    });
  });
});

describe('parseCausale limits and empty input', () => {
  it('returns none for null and undefined', () => {
    expect(parseCausale(null)).toEqual({ kind: 'none' });
    expect(parseCausale(undefined)).toEqual({ kind: 'none' });
  });

  it(`refuses a text longer than ${CAUSALE_MAX_CHARS} characters with a clear error`, () => {
    let error: unknown;
    try {
      parseCausale('x'.repeat(CAUSALE_MAX_CHARS + 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('CAUSALE_TOO_LONG');
  });
});

describe('parseCausaleFields', () => {
  it('prefers the whole IUF of one field to the truncated copy in another', () => {
    expect(parseCausaleFields(['/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XX', XLS_DESCRIZIONE_ESTESA])).toEqual({
      kind: 'cumulative',
      iuf: '2024-07-26PPAYITR1XXX-S2024072600',
    });
  });

  it('finds the IUF in whichever field holds it, skipping empty ones', () => {
    expect(parseCausaleFields([undefined, '48BO', '', 'Data Ordine: 21/07/2024; Descr', XLS_DESCRIZIONE_ESTESA]).iuf).toBe('2024-07-26PPAYITR1XXX-S2024072600');
  });

  it('is punctual when only an IUV is found', () => {
    expect(parseCausaleFields(['BONIFICO', '/RFB/01000000000000144/1.00'])).toEqual({ kind: 'punctual', iuv: '01000000000000144' });
  });
});

describe('building causali for the Node simulator', () => {
  it('writes the cumulative and punctual SACI forms, which parse back', () => {
    expect(cumulativeCausale('2024-07-26PPAYITR1XXX-S2024072600')).toBe('/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600');
    expect(punctualCausale('01000000000000144', 14792)).toBe('/RFB/01000000000000144/147.92');
    expect(parseCausale(cumulativeCausale('2024-07-26PPAYITR1XXX-S1'))).toEqual({ kind: 'cumulative', iuf: '2024-07-26PPAYITR1XXX-S1' });
    expect(parseCausale(punctualCausale('01000000000000144', 100))).toEqual({ kind: 'punctual', iuv: '01000000000000144' });
  });

  it('refuses an IUF or IUV that could not be read back', () => {
    expect(() => cumulativeCausale('2024 07 26')).toThrow(DomainError);
    expect(() => punctualCausale('0100/0000', 100)).toThrow(DomainError);
    expect(() => punctualCausale('01000000000000144', 0)).toThrow(DomainError);
  });
});
