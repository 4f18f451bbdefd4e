import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../../kernel/errors';
import { REPO_ROOT } from '../../../test/fixtures/reporting/support';
import { FR_MAX_ENVELOPE_BYTES, FR_MAX_ROWS, ParsedFr, parseFlussoRiversamento } from './flusso-riversamento';

const OWN = path.join(REPO_ROOT, 'test', 'fixtures', 'reporting');
const twoPayments = () => fs.readFileSync(path.join(OWN, 'fr-two-payments.xml'), 'utf8');

/** The error a call throws, so a test can assert its code and field. */
function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const soap = (operation: string, inner: string, extra = '') =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ppt="http://ws.pagamenti.telematici.gov/">
  <soapenv:Body><ppt:${operation}>${extra}${inner}</ppt:${operation}></soapenv:Body></soapenv:Envelope>`;

const expectedTwoPayments: ParsedFr = {
  versioneOggetto: '1.0',
  identificativoFlusso: '2024-07-26PPAYITR1XXX-S2024072600',
  dataOraFlusso: '2024-07-26T10:15:00',
  identificativoUnivocoRegolamento: 'Bonifico SEPA-03069-A1B2C3',
  dataRegolamento: '2024-07-26',
  istitutoMittente: { tipo: 'B', codice: 'PPAYITR1XXX', denominazione: 'PayPal Europe & Co' },
  codiceBicBancaDiRiversamento: 'BCITITMM',
  istitutoRicevente: { tipo: 'G', codice: '80012345678', denominazione: 'Comune di Prova' },
  numeroTotalePagamenti: 2,
  importoTotalePagamenti: 16242,
  rows: [
    { index: 1, iuv: '01000000000000144', iur: 'IUR-0001', indiceDatiSingoloPagamento: 1, importo: 14792, esito: '0', dataEsito: '2024-07-25' },
    { index: 2, iuv: '01000000000000245', iur: 'IUR-0002', indiceDatiSingoloPagamento: 1, importo: 1450, esito: '9', dataEsito: '2024-07-25' },
  ],
};

describe('parseFlussoRiversamento', () => {
  describe('given a bare FlussoRiversamento', () => {
    it('reads every header field, amounts in cents, rows numbered from 1 and an omitted transfer index as 1', () => {
      expect(parseFlussoRiversamento(twoPayments())).toEqual(expectedTwoPayments);
    });

    it('tolerates a UTF-8 BOM in the bytes', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(twoPayments())]);
      expect(parseFlussoRiversamento(bytes)).toEqual(expectedTwoPayments);
    });

    it('reads elements written with a namespace prefix', () => {
      const prefixed = twoPayments()
        .replace('<FlussoRiversamento xmlns=', '<pay:FlussoRiversamento xmlns:pay=')
        .replace('</FlussoRiversamento>', '</pay:FlussoRiversamento>')
        .replace(/<(\/?)versioneOggetto>/g, '<$1pay:versioneOggetto>');
      expect(parseFlussoRiversamento(prefixed)).toEqual(expectedTwoPayments);
    });

    it('reads revisioneFlusso of the p4pa schema variant', () => {
      const xml = twoPayments().replace('</identificativoFlusso>', '</identificativoFlusso><revisioneFlusso>3</revisioneFlusso>');
      expect(parseFlussoRiversamento(xml).revisioneFlusso).toBe(3);
    });

    it('keeps an esito it does not know, for checkFr to report, but refuses one that is not a digit', () => {
      const seven = twoPayments().replace('<codiceEsitoSingoloPagamento>9<', '<codiceEsitoSingoloPagamento>7<');
      expect(parseFlussoRiversamento(seven).rows[1].esito).toBe('7');
      const letter = twoPayments().replace('<codiceEsitoSingoloPagamento>9<', '<codiceEsitoSingoloPagamento>X<');
      const e = errorOf(() => parseFlussoRiversamento(letter));
      expect([e.code, e.field]).toEqual(['FR_INVALID_VALUE', 'datiSingoliPagamenti[2].codiceEsitoSingoloPagamento']);
      expect(e.message).toContain('Row 2');
    });
  });

  describe('given the flow inside a SOAP message', () => {
    const base64 = () => Buffer.from(twoPayments()).toString('base64');

    it('decodes xmlRendicontazione of nodoInviaFlussoRendicontazione and keeps the envelope identifiers', () => {
      const extra =
        '<identificativoPSP>PPAYITR1XXX</identificativoPSP><identificativoDominio>80012345678</identificativoDominio>' +
        '<identificativoFlusso>2024-07-26PPAYITR1XXX-S2024072600</identificativoFlusso><dataOraFlusso>2024-07-26T10:15:00</dataOraFlusso>';
      const fr = parseFlussoRiversamento(soap('nodoInviaFlussoRendicontazione', `<xmlRendicontazione>${base64()}</xmlRendicontazione>`, extra));
      expect(fr).toEqual({
        ...expectedTwoPayments,
        envelope: {
          operation: 'nodoInviaFlussoRendicontazione',
          identificativoPSP: 'PPAYITR1XXX',
          identificativoDominio: '80012345678',
          identificativoFlusso: '2024-07-26PPAYITR1XXX-S2024072600',
          dataOraFlusso: '2024-07-26T10:15:00',
        },
      });
    });

    it('decodes base64 wrapped on several lines, and a flow whose decoded bytes start with a BOM', () => {
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(twoPayments())]).toString('base64');
      const wrapped = bom.replace(/(.{76})/g, '$1\n');
      const fr = parseFlussoRiversamento(soap('nodoChiediFlussoRendicontazioneRisposta', `<xmlRendicontazione>\n${wrapped}\n</xmlRendicontazione>`));
      expect(fr.rows).toEqual(expectedTwoPayments.rows);
      expect(fr.envelope).toEqual({ operation: 'nodoChiediFlussoRendicontazioneRisposta' });
    });

    it('reports a fault of the Node with its code', () => {
      const fault = '<fault><faultCode>PPT_ID_FLUSSO_SCONOSCIUTO</faultCode><faultString>Identificativo flusso sconosciuto.</faultString></fault>';
      const e = errorOf(() => parseFlussoRiversamento(soap('nodoChiediFlussoRendicontazioneRisposta', fault)));
      expect(e.code).toBe('FR_NODE_FAULT');
      expect(e.details).toEqual({ faultCode: 'PPT_ID_FLUSSO_SCONOSCIUTO' });
    });

    it('refuses an xmlRendicontazione that is not base64', () => {
      const e = errorOf(() => parseFlussoRiversamento(soap('nodoInviaFlussoRendicontazione', '<xmlRendicontazione>{rendicontazione}</xmlRendicontazione>')));
      expect([e.code, e.field]).toEqual(['FR_NOT_BASE64', 'xmlRendicontazione']);
    });

    it('refuses a message without xmlRendicontazione', () => {
      const e = errorOf(() => parseFlussoRiversamento(soap('nodoChiediFlussoRendicontazioneRisposta', '')));
      expect([e.code, e.field]).toEqual(['FR_MISSING_ELEMENT', 'xmlRendicontazione']);
    });

    it('refuses base64 that decodes to something else than a flow', () => {
      const other = Buffer.from('<paSendRTV2Request/>').toString('base64');
      expect(errorOf(() => parseFlussoRiversamento(soap('nodoInviaFlussoRendicontazione', `<xmlRendicontazione>${other}</xmlRendicontazione>`))).code).toBe('FR_WRONG_ROOT');
    });
  });

  describe('refuses structural problems naming the element', () => {
    it.each([
      ['a missing IUR', (x: string) => x.replace('<identificativoUnivocoRiscossione>IUR-0002</identificativoUnivocoRiscossione>', ''), 'FR_MISSING_ELEMENT', 'datiSingoliPagamenti[2].identificativoUnivocoRiscossione'],
      ['a missing sender', (x: string) => x.replace(/<istitutoMittente>[\s\S]*<\/istitutoMittente>/, ''), 'FR_MISSING_ELEMENT', 'istitutoMittente'],
      ['no payments at all', (x: string) => x.replace(/<datiSingoliPagamenti>[\s\S]*<\/datiSingoliPagamenti>/, ''), 'FR_MISSING_ELEMENT', 'datiSingoliPagamenti'],
      ['an amount with a comma', (x: string) => x.replace('147.92', '147,92'), 'INVALID_AMOUNT', 'datiSingoliPagamenti[1].singoloImportoPagato'],
      ['a negative amount', (x: string) => x.replace('14.50', '-14.50'), 'INVALID_AMOUNT', 'datiSingoliPagamenti[2].singoloImportoPagato'],
      ['three decimals in the total', (x: string) => x.replace('162.42', '162.425'), 'INVALID_AMOUNT', 'importoTotalePagamenti'],
      ['a count that is not a number', (x: string) => x.replace('<numeroTotalePagamenti>2', '<numeroTotalePagamenti>two'), 'FR_INVALID_VALUE', 'numeroTotalePagamenti'],
      ['a transfer index 0', (x: string) => x.replace('<indiceDatiSingoloPagamento>1', '<indiceDatiSingoloPagamento>0'), 'FR_INVALID_VALUE', 'datiSingoliPagamenti[1].indiceDatiSingoloPagamento'],
      ['an impossible date', (x: string) => x.replace('<dataRegolamento>2024-07-26', '<dataRegolamento>2024-02-30'), 'FR_INVALID_VALUE', 'dataRegolamento'],
      ['a flow date-time that is a template placeholder', (x: string) => x.replace('2024-07-26T10:15:00', '{data_ora_flusso}'), 'FR_INVALID_VALUE', 'dataOraFlusso'],
      ['an IUF with a space', (x: string) => x.replace('2024-07-26PPAYITR1XXX-S2024072600', '2024-07-26 PPAY'), 'FR_INVALID_VALUE', 'identificativoFlusso'],
      ['an unknown object version', (x: string) => x.replace('<versioneOggetto>1.0', '<versioneOggetto>2.0'), 'FR_UNSUPPORTED_VERSION', 'versioneOggetto'],
      ['a receiver that is not a persona giuridica', (x: string) => x.replace('<tipoIdentificativoUnivoco>G', '<tipoIdentificativoUnivoco>B'), 'FR_INVALID_VALUE', 'istitutoRicevente.identificativoUnivocoRicevente.tipoIdentificativoUnivoco'],
    ])('%s', (_label, mutate, code, field) => {
      const e = errorOf(() => parseFlussoRiversamento(mutate(twoPayments())));
      expect([e.code, e.field]).toEqual([code, field]);
      expect(e.message).toContain(field.split('.').pop());
    });

    it('refuses a document that is not a flow', () => {
      const e = errorOf(() => parseFlussoRiversamento('<paSendRTV2Request><idPA>1</idPA></paSendRTV2Request>'));
      expect(e.code).toBe('FR_WRONG_ROOT');
      expect(e.message).toContain('<paSendRTV2Request>');
    });

    it('refuses XML that is not well-formed, with the line', () => {
      const e = errorOf(() => parseFlussoRiversamento(twoPayments().replace('</dataRegolamento>', '</dataRegolament>')));
      expect(e.code).toBe('FR_MALFORMED_XML');
      expect(e.message).toMatch(/line \d+/);
    });

    it('refuses DOCTYPE and entity declarations before expanding anything', () => {
      const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><FlussoRiversamento>&lol2;</FlussoRiversamento>';
      expect(errorOf(() => parseFlussoRiversamento(bomb)).code).toBe('FR_DOCTYPE_REFUSED');
    });

    it('refuses an empty input', () => {
      expect(errorOf(() => parseFlussoRiversamento('  \n')).code).toBe('FR_EMPTY');
    });

    it(`refuses a flow of more than ${FR_MAX_ROWS} payments`, () => {
      const rows = '<datiSingoliPagamenti/>'.repeat(FR_MAX_ROWS + 1);
      const e = errorOf(() => parseFlussoRiversamento(twoPayments().replace(/<datiSingoliPagamenti>[\s\S]*<\/datiSingoliPagamenti>/, rows)));
      expect([e.code, e.kind, e.details]).toEqual(['FR_TOO_MANY_ROWS', 'too_large', { rows: FR_MAX_ROWS + 1, maxRows: FR_MAX_ROWS }]);
    });

    it('refuses a message above the size limit without parsing it', () => {
      const e = errorOf(() => parseFlussoRiversamento(Buffer.alloc(FR_MAX_ENVELOPE_BYTES + 1, 0x20)));
      expect([e.code, e.kind]).toEqual(['FR_TOO_LARGE', 'too_large']);
    });
  });
});
