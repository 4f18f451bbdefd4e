import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../../../src/kernel/errors';
import { buildRt62 } from '../../../src/pagopa/rt62/rt62-builder';
import { CODICE_ESITO_PAGAMENTO, parseRt62 } from '../../../src/pagopa/rt62/rt62-parser';
import { parseReceiptDocument } from '../../../src/pagopa/soap/archived-receipt';
import { ENTE_CF, rt62Input } from '../helpers/samples';
import { RT62_XSD, describeWithXmllint, xmllint } from '../helpers/xmllint';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'pagopa', 'rt62', 'rt-paid-two-payments.xml');

function refusal(xml: string): DomainError {
  try {
    parseRt62(xml, { documentName: 'rt.xml' });
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the RT to be refused');
}

describe('parseRt62: legacy RT 6.2 to the common receipt', () => {
  it('maps the hand-written fixture onto the SANP receipt fields', () => {
    const xml = fs.readFileSync(FIXTURE, 'utf8');
    const receipt = parseRt62(xml);
    expect(receipt).toMatchObject({
      channel: 'RT62',
      receiptId: 'IUR20190115-0001',
      fiscalCode: ENTE_CF,
      outcome: 'OK',
      creditorReferenceId: 'RF23000000000000123',
      paymentAmount: 14792,
      description: '/RFS/RF23000000000000123/147.92/TXT/TARI 2019',
      companyName: 'Comune di Esempio',
      officeName: 'Ufficio Tributi',
      idPSP: '00799960158',
      pspFiscalCode: '00799960158',
      pspCompanyName: 'Banca di Prova S.p.A.',
      fee: 150,
      paymentDateTime: '2019-01-15T09:30:00',
      paymentDateTimeIso: '2019-01-15T09:30:00+01:00',
      applicationDate: '2019-01-15',
      rawXml: xml,
      warnings: [],
      rt62: {
        codiceEsitoPagamento: '0',
        codiceContestoPagamento: 'c0a8010a-0001',
        identificativoMessaggioRicevuta: 'RT20190115000042',
        riferimentoMessaggioRichiesta: 'RPT20190115000042',
        riferimentoDataRichiesta: '2019-01-15',
        identificativoStazioneRichiedente: '15376371009_01',
        istitutoAttestanteIdType: 'G',
      },
    });
    expect(receipt.noticeNumber).toBeUndefined();
    expect(receipt.debtor).toEqual({
      uniqueIdentifierType: 'F',
      uniqueIdentifierValue: 'RSSMRA80A01H501U',
      fullName: 'Mario Rossi & figli',
      streetName: 'Via Roma',
      civicNumber: '1',
      postalCode: '20100',
      city: 'Milano',
      stateProvinceRegion: 'MI',
      country: 'IT',
    });
    expect(receipt.payer).toEqual({ uniqueIdentifierType: 'F', uniqueIdentifierValue: 'VRDGPP70B02F205X', fullName: 'Giuseppe Verdi', email: 'giuseppe.verdi@example.it' });
    expect(receipt.transfers).toEqual([
      {
        idTransfer: 1,
        amount: 12000,
        fiscalCodePA: ENTE_CF,
        iur: 'IUR20190115-0001',
        remittanceInformation: '/RFS/RF23000000000000123/147.92/TXT/TARI 2019',
        transferCategory: '9/0101101IM/',
        datiSpecificiRiscossione: '9/0101101IM/',
        metadata: [],
        esito: 'ESEGUITO',
        esitoDate: '2019-01-15',
        fee: 100,
      },
      {
        idTransfer: 2,
        amount: 2792,
        fiscalCodePA: ENTE_CF,
        iur: 'IUR20190115-0002',
        remittanceInformation: 'TEFA 2019',
        transferCategory: '9/0201102IM/',
        datiSpecificiRiscossione: '9/0201102IM/',
        metadata: [],
        esito: 'ESEGUITO',
        esitoDate: '2019-01-15',
        fee: 50,
      },
    ]);
  });

  it('reads bytes, default namespace and prefixed documents alike', () => {
    const plain = buildRt62(rt62Input());
    const prefixed = buildRt62(rt62Input(), { prefix: 'pay_i' });
    const a = parseRt62(Buffer.from(plain));
    const b = parseRt62(prefixed);
    expect({ ...a, rawXml: '' }).toEqual({ ...b, rawXml: '' });
    expect(a.paymentAmount).toBe(15000);
  });

  it.each([
    ['0', 'OK'],
    ['2', 'OK'],
    ['4', 'OK'],
    ['1', 'KO'],
    ['3', 'KO'],
  ] as const)('codiceEsitoPagamento %s gives outcome %s', (codice, outcome) => {
    const paid = codice === '0' || codice === '2' || codice === '4';
    const input = rt62Input({ codiceEsitoPagamento: codice });
    if (!paid) input.pagamenti = input.pagamenti.map((p) => ({ ...p, importo: 0, esito: 'NON ESEGUITO' }));
    expect(parseRt62(buildRt62(input)).outcome).toBe(outcome);
    expect(CODICE_ESITO_PAGAMENTO[codice]).toBeDefined();
  });

  it('a not-paid RT without singoli pagamenti uses the message id as receipt id', () => {
    const receipt = parseRt62(buildRt62(rt62Input({ codiceEsitoPagamento: '1', pagamenti: [] })));
    expect(receipt).toMatchObject({ outcome: 'KO', receiptId: 'RT-2019-000123', paymentAmount: 0, transfers: [], description: '' });
  });

  it('a marca da bollo attachment (allegatoRicevuta BD) is kept on its transfer', () => {
    const input = rt62Input();
    input.pagamenti[1] = { ...input.pagamenti[1]!, marcaDaBollo: Buffer.from('<marca/>').toString('base64') };
    expect(parseRt62(buildRt62(input)).transfers[1]!.mbdAttachment).toBe('PG1hcmNhLz4=');
  });

  it('refuses totals that contradict the singoli pagamenti, and an esito that contradicts the amount', () => {
    const e = refusal(buildRt62(rt62Input({ importoTotalePagato: 15001 })));
    expect(e.code).toBe('RT62_INCONSISTENT');
    expect(e.message).toMatch(/add up to 15000 cents but the amount paid is 15001 cents/);
    expect(refusal(buildRt62(rt62Input({ codiceEsitoPagamento: '1' }))).message).toMatch(/codiceEsitoPagamento 1 \(pagamento non eseguito\) with importoTotalePagato 150\.00/);
  });

  it('refuses schema problems naming every element', () => {
    const xml = buildRt62(rt62Input())
      .replace('<importoTotalePagato>150.00</importoTotalePagato>', '<importoTotalePagato>150,00</importoTotalePagato>')
      .replace('<datiSpecificiRiscossione>9/0201102IM/</datiSpecificiRiscossione>', '<datiSpecificiRiscossione>5/x</datiSpecificiRiscossione>')
      .replace(/<identificativoUnivocoRiscossione>IUR-0001<\/identificativoUnivocoRiscossione>/, '');
    const e = refusal(xml);
    expect(e.code).toBe('XML_INVALID_CONTENT');
    expect(e.message).toContain('RT.datiPagamento.importoTotalePagato: "150,00" is not an amount');
    expect(e.message).toContain('RT.datiPagamento.datiSingoloPagamento[1].identificativoUnivocoRiscossione: is required but missing');
    expect(e.message).toContain('RT.datiPagamento.datiSingoloPagamento[2].datiSpecificiRiscossione: "5/x" is not a tipo contabilità');
  });

  it('refuses another root, the wrong namespace, and DTDs', () => {
    expect(refusal('<RPT xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"/>').code).toBe('XML_UNEXPECTED_ROOT');
    expect(refusal('<RT xmlns="urn:other"/>').code).toBe('XML_NAMESPACE_MISMATCH');
    expect(refusal('<!DOCTYPE RT [<!ENTITY x "y">]><RT/>').code).toBe('XML_DTD_FORBIDDEN');
  });

  it('tolerates the lower-case codiceContestoPagamento some producers write, with a warning', () => {
    const receipt = parseRt62(buildRt62(rt62Input()).replace(/CodiceContestoPagamento>/g, 'codiceContestoPagamento>'));
    expect(receipt.rt62?.codiceContestoPagamento).toBe('n/a');
    expect(receipt.warnings).toEqual(['RT.datiPagamento.codiceContestoPagamento: should be spelt CodiceContestoPagamento in an RT; accepted']);
  });

  it('an RT is also accepted by parseReceiptDocument, the entry point for archives', () => {
    expect(parseReceiptDocument(fs.readFileSync(FIXTURE)).channel).toBe('RT62');
  });
});

describeWithXmllint('RT 6.2 documents against PagInf_RPT_RT_6_2_0.xsd (xmllint)')('RT 6.2 schema validity', () => {
  it('the hand-written fixture is valid', () => {
    expect(xmllint(fs.readFileSync(FIXTURE, 'utf8'), RT62_XSD)).toMatchObject({ valid: true });
  });

  it('buildRt62 output is valid: full, minimal, prefixed, with a marca da bollo, not paid', () => {
    const minimal = rt62Input({ soggettoVersante: undefined, identificativoStazioneRichiedente: undefined, enteBeneficiario: { denominazione: 'Comune' } });
    minimal.pagamenti = [{ importo: 100, dataEsito: '2019-07-15', iur: 'X1', causale: 'c', datiSpecificiRiscossione: '9/0101101IM/' }];
    const bollo = rt62Input();
    bollo.pagamenti[1] = { ...bollo.pagamenti[1]!, marcaDaBollo: Buffer.from('<marca/>').toString('base64') };
    for (const xml of [buildRt62(rt62Input()), buildRt62(minimal), buildRt62(rt62Input(), { prefix: 'pay_i' }), buildRt62(bollo), buildRt62(rt62Input({ codiceEsitoPagamento: '1', pagamenti: [] }))]) {
      const lint = xmllint(xml, RT62_XSD);
      if (!lint.valid) throw new Error(`${lint.output}\n${xml}`);
    }
  });

  it('the schema check can fail: a comma amount is refused by xmllint too', () => {
    expect(xmllint(buildRt62(rt62Input()).replace('<importoTotalePagato>150.00', '<importoTotalePagato>150,00'), RT62_XSD).valid).toBe(false);
  });
});
