import { DomainError } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { receiptConsistencyProblems, type ParsedReceipt, type ReceiptSubject, type ReceiptTransfer, type Rt62Details } from '../receipt';
import { dropUndefined, formatIssues } from '../soap/common';
import { romeLocalToZoned } from '../soap/local-time';
import { expectElement, parseXmlDocument } from '../xml/safe-xml';
import { XmlReader } from '../xml/xml-reader';
import * as xsd from '../xml/xsd-types';

/** Namespace of PagInf_RPT_RT_6_2_0.xsd (elementFormDefault qualified: every element is in it). */
export const RT62_NS = 'http://www.digitpa.gov.it/schemas/2011/Pagamenti/';

export type CodiceEsitoPagamento = Rt62Details['codiceEsitoPagamento'];

export const CODICE_ESITO_PAGAMENTO: Readonly<Record<CodiceEsitoPagamento, string>> = {
  '0': 'pagamento eseguito',
  '1': 'pagamento non eseguito',
  '2': 'pagamento parzialmente eseguito',
  '3': 'decorrenza termini',
  '4': 'decorrenza termini parziale',
};

/** Codes where money was collected for at least one singolo pagamento: the receipt's outcome is OK. */
const COLLECTED: readonly CodiceEsitoPagamento[] = ['0', '2', '4'];

const IMPORTO = xsd.amount();
const DATI_SPECIFICI_RISCOSSIONE = xsd.pattern(/[0129]\/\S{3,138}/, 'a tipo contabilità (0, 1, 2 or 9), a slash and 3 to 138 characters (stDatiSpecificiRiscossione)');

function readSubject(parent: XmlReader, element: 'soggettoPagatore' | 'soggettoVersante', suffix: 'Pagatore' | 'Versante'): ReceiptSubject | undefined {
  const s = element === 'soggettoPagatore' ? parent.child(element) : parent.optionalChild(element);
  if (!s) return undefined;
  const id = s.child(`identificativoUnivoco${suffix}`);
  const subject: ReceiptSubject = {
    uniqueIdentifierType: id?.value('tipoIdentificativoUnivoco', xsd.oneOf(['F', 'G'] as const)) ?? '',
    uniqueIdentifierValue: id?.value('codiceIdentificativoUnivoco', xsd.text(16, 2)) ?? '',
    fullName: s.value(`anagrafica${suffix}`, xsd.text(70)),
    streetName: s.optionalValue(`indirizzo${suffix}`, xsd.text(70)),
    civicNumber: s.optionalValue(`civico${suffix}`, xsd.text(16)),
    postalCode: s.optionalValue(`cap${suffix}`, xsd.text(16)),
    city: s.optionalValue(`localita${suffix}`, xsd.text(35)),
    stateProvinceRegion: s.optionalValue(`provincia${suffix}`, xsd.text(35)),
    country: s.optionalValue(`nazione${suffix}`, xsd.nazioneProvincia),
    email: s.optionalValue(`e-mail${suffix}`, xsd.email),
  };
  id?.reportUnexpected();
  s.reportUnexpected();
  return dropUndefined(subject);
}

function readSinglePayment(p: XmlReader, index: number, fiscalCode: string): ReceiptTransfer {
  const datiSpecificiRiscossione = p.value('datiSpecificiRiscossione', DATI_SPECIFICI_RISCOSSIONE);
  const allegato = p.optionalChild('allegatoRicevuta');
  let mbdAttachment: string | undefined;
  if (allegato) {
    const tipo = allegato.value('tipoAllegatoRicevuta', xsd.oneOf(['ES', 'BD'] as const));
    const testo = allegato.value('testoAllegato', xsd.base64);
    // BD = the digital stamp (marca da bollo) bought with this payment; ES = the PSP's original outcome.
    if (tipo === 'BD') mbdAttachment = testo;
    allegato.reportUnexpected();
  }
  const transfer: ReceiptTransfer = {
    idTransfer: index + 1,
    amount: p.value('singoloImportoPagato', IMPORTO),
    fiscalCodePA: fiscalCode,
    iur: p.value('identificativoUnivocoRiscossione', xsd.text(35)),
    mbdAttachment,
    remittanceInformation: p.value('causaleVersamento', xsd.text(140)),
    transferCategory: datiSpecificiRiscossione,
    datiSpecificiRiscossione,
    metadata: [],
    esito: p.optionalValue('esitoSingoloPagamento', xsd.text(35)),
    esitoDate: p.value('dataEsitoSingoloPagamento', xsd.isoDate),
    fee: p.optionalValue('commissioniApplicatePSP', IMPORTO),
  };
  p.optionalValue('commissioniApplicatePA', xsd.amount({ notZero: true }));
  p.reportUnexpected();
  return dropUndefined(transfer);
}

function semanticProblems(codice: CodiceEsitoPagamento, total: Cents, transfers: ReceiptTransfer[]): string[] {
  const problems = receiptConsistencyProblems({ paymentAmount: total, transfers });
  if (codice === '0' && total === 0) problems.push('codiceEsitoPagamento 0 (pagamento eseguito) with importoTotalePagato 0.00');
  if ((codice === '1' || codice === '3') && total > 0) {
    problems.push(`codiceEsitoPagamento ${codice} (${CODICE_ESITO_PAGAMENTO[codice]}) with importoTotalePagato ${(total / 100).toFixed(2)}: nothing can have been paid`);
  }
  return problems;
}

export interface ParseRt62Options {
  /** Used in error messages, e.g. the file name inside a ZIP. */
  documentName?: string;
  maxBytes?: number;
}

/**
 * Parses a legacy RT (Ricevuta Telematica, PagInf_RPT_RT_6_2_0.xsd, root RT) into the common ParsedReceipt.
 * Mapping onto the SANP names: identificativoDominio → fiscalCode; IUV → creditorReferenceId; the IUR of the
 * first datiSingoloPagamento → receiptId (each transfer keeps its own IUR); istitutoAttestante → idPSP and
 * pspCompanyName; soggettoPagatore → debtor; soggettoVersante → payer; each datiSingoloPagamento → a transfer
 * (idTransfer = its 1-based position, fiscalCodePA = the dominio, transferCategory = datiSpecificiRiscossione);
 * sum of commissioniApplicatePSP → fee; dataOraMessaggioRicevuta → paymentDateTime (the RT has no other time);
 * dataEsitoSingoloPagamento of the first payment → applicationDate.
 * Throws a DomainError: SafeXmlError (not XML, DTD, wrong root or namespace), XmlContentError (schema: every
 * problem with its path), RT62_INCONSISTENT (totals or esito that contradict the amounts).
 */
export function parseRt62(xml: string | Uint8Array, options: ParseRt62Options = {}): ParsedReceipt {
  const documentName = options.documentName ?? 'the RT';
  const { root, text } = parseXmlDocument(xml, { documentName, maxBytes: options.maxBytes });
  expectElement(root, 'RT', RT62_NS, documentName);
  const r = XmlReader.of(root, 'RT', RT62_NS);

  const versioneOggetto = r.value('versioneOggetto', xsd.text(16));
  const dominio = r.child('dominio');
  const identificativoDominio = dominio?.value('identificativoDominio', xsd.text(35)) ?? '';
  const identificativoStazioneRichiedente = dominio?.optionalValue('identificativoStazioneRichiedente', xsd.text(35));
  dominio?.reportUnexpected();
  const identificativoMessaggioRicevuta = r.value('identificativoMessaggioRicevuta', xsd.text(35));
  const dataOraMessaggioRicevuta = r.value('dataOraMessaggioRicevuta', xsd.isoDateTime);
  const riferimentoMessaggioRichiesta = r.value('riferimentoMessaggioRichiesta', xsd.text(35));
  const riferimentoDataRichiesta = r.value('riferimentoDataRichiesta', xsd.isoDate);

  const attestante = r.child('istitutoAttestante');
  const attestanteId = attestante?.child('identificativoUnivocoAttestante');
  const istitutoAttestanteIdType = attestanteId?.value('tipoIdentificativoUnivoco', xsd.oneOf(['G', 'A', 'B'] as const)) ?? '';
  const idPSP = attestanteId?.value('codiceIdentificativoUnivoco', xsd.text(35)) ?? '';
  attestanteId?.reportUnexpected();
  const pspCompanyName = attestante?.value('denominazioneAttestante', xsd.text(70)) ?? '';
  attestante?.reportUnexpected(['codiceUnitOperAttestante', 'denomUnitOperAttestante', 'indirizzoAttestante', 'civicoAttestante', 'capAttestante', 'localitaAttestante', 'provinciaAttestante', 'nazioneAttestante']);

  const ente = r.child('enteBeneficiario');
  const enteId = ente?.child('identificativoUnivocoBeneficiario');
  enteId?.value('tipoIdentificativoUnivoco', xsd.oneOf(['G'] as const));
  const enteCode = enteId?.value('codiceIdentificativoUnivoco', xsd.text(35));
  enteId?.reportUnexpected();
  const companyName = ente?.value('denominazioneBeneficiario', xsd.text(70)) ?? '';
  const officeName = ente?.optionalValue('denomUnitOperBeneficiario', xsd.text(70));
  ente?.reportUnexpected(['codiceUnitOperBeneficiario', 'indirizzoBeneficiario', 'civicoBeneficiario', 'capBeneficiario', 'localitaBeneficiario', 'provinciaBeneficiario', 'nazioneBeneficiario']);
  if (enteCode !== undefined && identificativoDominio !== '' && enteCode !== identificativoDominio) {
    r.warn('RT.enteBeneficiario', `codiceIdentificativoUnivoco ${enteCode} differs from identificativoDominio ${identificativoDominio}; the dominio is used`);
  }

  const payer = readSubject(r, 'soggettoVersante', 'Versante');
  const debtor = readSubject(r, 'soggettoPagatore', 'Pagatore')!;

  const dati = r.child('datiPagamento');
  const codiceEsitoPagamento = dati?.value('codiceEsitoPagamento', xsd.oneOf(['0', '1', '2', '3', '4'] as const));
  const importoTotalePagato = dati?.value('importoTotalePagato', IMPORTO);
  const iuv = dati?.value('identificativoUnivocoVersamento', xsd.text(35)) ?? '';
  let codiceContestoPagamento = '';
  if (dati) {
    // The XSD spells it with a capital C here (and lower case in the RPT); producers mix them up.
    const lower = dati.element.children.some((c) => c.name === 'codiceContestoPagamento');
    const upper = dati.element.children.some((c) => c.name === 'CodiceContestoPagamento');
    if (lower && !upper) {
      dati.warn(`${dati.path}.codiceContestoPagamento`, 'should be spelt CodiceContestoPagamento in an RT; accepted');
      codiceContestoPagamento = dati.value('codiceContestoPagamento', xsd.text(35));
    } else {
      codiceContestoPagamento = dati.value('CodiceContestoPagamento', xsd.text(35));
    }
  }
  const transfers = dati ? dati.children('datiSingoloPagamento', { max: 5 }).map((p, i) => readSinglePayment(p, i, identificativoDominio)) : [];
  dati?.reportUnexpected(['codiceContestoPagamento']);
  r.reportUnexpected();
  r.finish(documentName);

  const problems = semanticProblems(codiceEsitoPagamento!, importoTotalePagato!, transfers);
  if (problems.length > 0) {
    throw new DomainError('RT62_INCONSISTENT', `${documentName} (IUV ${iuv}): ${problems.join('; ')}`, 'invalid', 'datiPagamento', { problems });
  }

  const fees = transfers.filter((t) => t.fee !== undefined).map((t) => t.fee!);
  const rt62: Rt62Details = dropUndefined({
    codiceEsitoPagamento: codiceEsitoPagamento!,
    codiceContestoPagamento,
    identificativoMessaggioRicevuta,
    dataOraMessaggioRicevuta,
    riferimentoMessaggioRichiesta,
    riferimentoDataRichiesta,
    versioneOggetto,
    identificativoStazioneRichiedente,
    istitutoAttestanteIdType,
  });
  return dropUndefined<ParsedReceipt>({
    channel: 'RT62',
    receiptId: transfers[0]?.iur ?? identificativoMessaggioRicevuta,
    fiscalCode: identificativoDominio,
    outcome: COLLECTED.includes(codiceEsitoPagamento!) ? 'OK' : 'KO',
    creditorReferenceId: iuv,
    paymentAmount: importoTotalePagato!,
    description: transfers[0]?.remittanceInformation ?? '',
    companyName,
    officeName,
    debtor,
    payer,
    idPSP,
    pspCompanyName,
    pspFiscalCode: istitutoAttestanteIdType === 'G' ? idPSP : undefined,
    fee: fees.length > 0 ? fees.reduce((a, b) => a + b, 0) : undefined,
    paymentDateTime: dataOraMessaggioRicevuta,
    paymentDateTimeIso: romeLocalToZoned(dataOraMessaggioRicevuta),
    applicationDate: transfers[0]?.esitoDate,
    transfers,
    metadata: [],
    rt62,
    rawXml: text,
    warnings: formatIssues(r.warnings),
  });
}
