import { invalid } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { DATI_SPECIFICI_RISCOSSIONE_KEY, type MapEntry, type ReceiptSubject } from '../receipt';
import { el, optEl, type XmlNode } from '../xml/safe-xml';
import * as xsd from '../xml/xsd-types';
import { amountElement, identifier, metadataElement, optionalText, requiredText, subjectElement } from './common';

/**
 * What paGetPayment / paGetPaymentV2 answer: the position as the Node must see it to let a PSP collect it.
 * One input for both versions; the differences (see paForNode.xsd ctPaymentPA / ctPaymentPAV2) are applied
 * when rendering.
 */
export interface PaymentTransferInput {
  /** 1..5, unique within the position. */
  idTransfer: number;
  amount: Cents;
  /** Beneficiary ente; transfers with different fiscal codes make a multi-beneficiary payment. */
  fiscalCodePA: string;
  /** V2 only: the beneficiary's name, shown on the receipt. */
  companyName?: string;
  iban?: string;
  /** V2 only, instead of an IBAN: a digital stamp (marca da bollo) the PSP sells. */
  richiestaMarcaDaBollo?: { hashDocumento: string; tipoBollo?: '01'; provinciaResidenza: string };
  remittanceInformation: string;
  /** Tassonomia code of the tipo dovuto, e.g. 9/0101100IM/ or 0101100IM. */
  transferCategory: string;
  /** Sent as the metadata entry datiSpecificiRiscossione, as MyPay and GovPay do. */
  datiSpecificiRiscossione?: string;
  metadata?: MapEntry[];
}

export interface PaymentPositionData {
  /** IUV. */
  creditorReferenceId: string;
  paymentAmount: Cents;
  /** YYYY-MM-DD. */
  dueDate: string;
  retentionDate?: string;
  lastPayment?: boolean;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: ReceiptSubject;
  transfers: PaymentTransferInput[];
  metadata?: MapEntry[];
}

export type PaymentDataVersion = 'V1' | 'V2';

const ID_TRANSFER = xsd.pattern(/[1-5]/, 'a transfer index from 1 to 5 (stIdTransfer)');

function transferMetadata(t: PaymentTransferInput, field: string): XmlNode | undefined {
  const entries = [...(t.metadata ?? [])];
  const hasDsr = entries.some((e) => e.key.toLowerCase() === DATI_SPECIFICI_RISCOSSIONE_KEY.toLowerCase());
  if (t.datiSpecificiRiscossione !== undefined && !hasDsr) entries.unshift({ key: DATI_SPECIFICI_RISCOSSIONE_KEY, value: t.datiSpecificiRiscossione });
  return metadataElement(entries, `${field}.metadata`);
}

function transferElement(t: PaymentTransferInput, version: PaymentDataVersion, index: number): XmlNode {
  const field = `transfers[${index + 1}]`;
  let account: XmlNode;
  if (t.richiestaMarcaDaBollo !== undefined) {
    if (version === 'V1') throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} is a marca da bollo: only paGetPaymentV2 can carry one, paGetPayment needs an IBAN`);
    if (t.iban !== undefined) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} has both an IBAN and a marca da bollo: it must be one or the other`);
    const b = t.richiestaMarcaDaBollo;
    account = el('richiestaMarcaDaBollo', [
      identifier('hashDocumento', b.hashDocumento, xsd.refine(xsd.base64, (v) => ([...v].length >= 4 && [...v].length <= 72 ? undefined : 'must be 4 to 72 base64 characters')), `${field}.richiestaMarcaDaBollo.hashDocumento`),
      el('tipoBollo', b.tipoBollo ?? '01'),
      identifier('provinciaResidenza', b.provinciaResidenza, xsd.nazioneProvincia, `${field}.richiestaMarcaDaBollo.provinciaResidenza`),
    ]);
  } else {
    account = identifier('IBAN', t.iban?.replace(/\s+/g, '') ?? '', xsd.text(35), `${field}.iban`);
  }
  return el('transfer', [
    identifier('idTransfer', String(t.idTransfer), ID_TRANSFER, `${field}.idTransfer`),
    amountElement('transferAmount', t.amount, `${field}.amount`, { notZero: true }),
    identifier('fiscalCodePA', t.fiscalCodePA, xsd.fiscalCodePA, `${field}.fiscalCodePA`),
    version === 'V2' && optionalText('companyName', t.companyName, 140),
    account,
    requiredText('remittanceInformation', t.remittanceInformation, 140, `${field}.remittanceInformation`),
    requiredText('transferCategory', t.transferCategory, 140, `${field}.transferCategory`),
    transferMetadata(t, field),
  ]);
}

/**
 * `<data>` of paGetPaymentRes (V1, ctPaymentPA) or paGetPaymentV2Response (V2, ctPaymentPAV2).
 * Throws DomainError PAGOPA_MESSAGE_INVALID when the position cannot be expressed validly: the handler then
 * answers PAA_SYSTEM_ERROR rather than send the Node something it would reject.
 */
export function paymentDataElement(data: PaymentPositionData, version: PaymentDataVersion): XmlNode {
  const transfers = data.transfers ?? [];
  if (transfers.length < 1 || transfers.length > 5) {
    throw invalid('PAGOPA_MESSAGE_INVALID', 'transfers', `a position has 1 to 5 transfers for pagoPA, this one has ${transfers.length}`);
  }
  const ids = transfers.map((t) => t.idTransfer);
  if (new Set(ids).size !== ids.length) throw invalid('PAGOPA_MESSAGE_INVALID', 'transfers', `idTransfer values must be unique, got ${ids.join(', ')}`);
  const sum = transfers.reduce((s, t) => s + t.amount, 0);
  if (sum !== data.paymentAmount) {
    throw invalid('PAGOPA_MESSAGE_INVALID', 'transfers', `the transfers add up to ${sum} cents but paymentAmount is ${data.paymentAmount} cents`, {
      sum,
      paymentAmount: data.paymentAmount,
    });
  }
  return el('data', [
    identifier('creditorReferenceId', data.creditorReferenceId, xsd.text(35), 'creditorReferenceId'),
    amountElement('paymentAmount', data.paymentAmount, 'paymentAmount', { notZero: true }),
    identifier('dueDate', data.dueDate, xsd.isoDate, 'dueDate'),
    data.retentionDate !== undefined && identifier('retentionDate', data.retentionDate, xsd.isoDateTime, 'retentionDate'),
    optEl('lastPayment', data.lastPayment === undefined ? undefined : String(data.lastPayment)),
    requiredText('description', data.description, 140, 'description'),
    version === 'V2' ? requiredText('companyName', data.companyName, 140, 'companyName') : optionalText('companyName', data.companyName, 140),
    optionalText('officeName', data.officeName, 140),
    subjectElement('debtor', data.debtor, 'debtor'),
    el(
      'transferList',
      transfers.map((t, i) => transferElement(t, version, i)),
    ),
    metadataElement(data.metadata, 'metadata'),
  ]);
}
