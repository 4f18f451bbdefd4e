import { invalid } from '../../kernel/errors';
import { centsToEuros, type Cents } from '../../kernel/money';
import { buildXml, el, optEl, type XmlNode } from '../xml/safe-xml';
import { RT62_NS, type CodiceEsitoPagamento } from './rt62-parser';

/**
 * Builds an RT 6.2 document valid against PagInf_RPT_RT_6_2_0.xsd: test fixtures and the Node simulator's
 * legacy receipts. Values are written as given (the caller chooses them); amounts are integer cents.
 */
export interface Rt62SubjectInput {
  tipo: 'F' | 'G';
  codice: string;
  anagrafica: string;
  indirizzo?: string;
  civico?: string;
  cap?: string;
  localita?: string;
  provincia?: string;
  nazione?: string;
  email?: string;
}

export interface Rt62PaymentInput {
  importo: Cents;
  esito?: string;
  /** YYYY-MM-DD. */
  dataEsito: string;
  /** IUR. */
  iur: string;
  causale: string;
  /** "<tipo contabilità>/<codice>", e.g. 9/0101100IM/. */
  datiSpecificiRiscossione: string;
  commissioniApplicatePSP?: Cents;
  /** base64 of the marca da bollo bought with this payment (allegatoRicevuta BD). */
  marcaDaBollo?: string;
}

export interface Rt62Input {
  versioneOggetto?: string;
  identificativoDominio: string;
  identificativoStazioneRichiedente?: string;
  identificativoMessaggioRicevuta: string;
  /** YYYY-MM-DDThh:mm:ss. */
  dataOraMessaggioRicevuta: string;
  riferimentoMessaggioRichiesta: string;
  riferimentoDataRichiesta: string;
  istitutoAttestante: { tipo: 'G' | 'A' | 'B'; codice: string; denominazione: string };
  enteBeneficiario: { denominazione: string; denomUnitOper?: string };
  soggettoVersante?: Rt62SubjectInput;
  soggettoPagatore: Rt62SubjectInput;
  codiceEsitoPagamento: CodiceEsitoPagamento;
  /** Defaults to the sum of the payments. */
  importoTotalePagato?: Cents;
  iuv: string;
  codiceContestoPagamento: string;
  pagamenti: Rt62PaymentInput[];
}

export interface BuildRt62Options {
  /** Write the elements with this prefix (pay_i:RT ...) instead of a default namespace. */
  prefix?: string;
}

function subject(q: (n: string) => string, name: string, suffix: 'Versante' | 'Pagatore', s: Rt62SubjectInput): XmlNode {
  return el(q(name), [
    el(q(`identificativoUnivoco${suffix}`), [el(q('tipoIdentificativoUnivoco'), s.tipo), el(q('codiceIdentificativoUnivoco'), s.codice)]),
    el(q(`anagrafica${suffix}`), s.anagrafica),
    optEl(q(`indirizzo${suffix}`), s.indirizzo),
    optEl(q(`civico${suffix}`), s.civico),
    optEl(q(`cap${suffix}`), s.cap),
    optEl(q(`localita${suffix}`), s.localita),
    optEl(q(`provincia${suffix}`), s.provincia),
    optEl(q(`nazione${suffix}`), s.nazione),
    optEl(q(`e-mail${suffix}`), s.email),
  ]);
}

export function buildRt62(input: Rt62Input, options: BuildRt62Options = {}): string {
  if (input.pagamenti.length > 5) throw invalid('RT62_INVALID', 'pagamenti', `an RT has at most 5 datiSingoloPagamento, got ${input.pagamenti.length}`);
  const q = (name: string): string => (options.prefix ? `${options.prefix}:${name}` : name);
  const total = input.importoTotalePagato ?? input.pagamenti.reduce((s, p) => s + p.importo, 0);
  const nsAttribute = options.prefix ? { [`xmlns:${options.prefix}`]: RT62_NS } : { xmlns: RT62_NS };
  return buildXml(
    el(
      q('RT'),
      [
        el(q('versioneOggetto'), input.versioneOggetto ?? '6.2.0'),
        el(q('dominio'), [el(q('identificativoDominio'), input.identificativoDominio), optEl(q('identificativoStazioneRichiedente'), input.identificativoStazioneRichiedente)]),
        el(q('identificativoMessaggioRicevuta'), input.identificativoMessaggioRicevuta),
        el(q('dataOraMessaggioRicevuta'), input.dataOraMessaggioRicevuta),
        el(q('riferimentoMessaggioRichiesta'), input.riferimentoMessaggioRichiesta),
        el(q('riferimentoDataRichiesta'), input.riferimentoDataRichiesta),
        el(q('istitutoAttestante'), [
          el(q('identificativoUnivocoAttestante'), [el(q('tipoIdentificativoUnivoco'), input.istitutoAttestante.tipo), el(q('codiceIdentificativoUnivoco'), input.istitutoAttestante.codice)]),
          el(q('denominazioneAttestante'), input.istitutoAttestante.denominazione),
        ]),
        el(q('enteBeneficiario'), [
          el(q('identificativoUnivocoBeneficiario'), [el(q('tipoIdentificativoUnivoco'), 'G'), el(q('codiceIdentificativoUnivoco'), input.identificativoDominio)]),
          el(q('denominazioneBeneficiario'), input.enteBeneficiario.denominazione),
          optEl(q('denomUnitOperBeneficiario'), input.enteBeneficiario.denomUnitOper),
        ]),
        input.soggettoVersante && subject(q, 'soggettoVersante', 'Versante', input.soggettoVersante),
        subject(q, 'soggettoPagatore', 'Pagatore', input.soggettoPagatore),
        el(q('datiPagamento'), [
          el(q('codiceEsitoPagamento'), input.codiceEsitoPagamento),
          el(q('importoTotalePagato'), centsToEuros(total)),
          el(q('identificativoUnivocoVersamento'), input.iuv),
          el(q('CodiceContestoPagamento'), input.codiceContestoPagamento),
          ...input.pagamenti.map((p) =>
            el(q('datiSingoloPagamento'), [
              el(q('singoloImportoPagato'), centsToEuros(p.importo)),
              optEl(q('esitoSingoloPagamento'), p.esito),
              el(q('dataEsitoSingoloPagamento'), p.dataEsito),
              el(q('identificativoUnivocoRiscossione'), p.iur),
              el(q('causaleVersamento'), p.causale),
              el(q('datiSpecificiRiscossione'), p.datiSpecificiRiscossione),
              p.commissioniApplicatePSP !== undefined && el(q('commissioniApplicatePSP'), centsToEuros(p.commissioniApplicatePSP)),
              p.marcaDaBollo !== undefined && el(q('allegatoRicevuta'), [el(q('tipoAllegatoRicevuta'), 'BD'), el(q('testoAllegato'), p.marcaDaBollo)]),
            ]),
          ),
        ]),
      ],
      nsAttribute,
    ),
  );
}
