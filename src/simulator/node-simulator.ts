import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eurosToCents } from '../kernel/money';
import { buildPaGetPaymentV2Request } from '../pagopa/soap/pa-get-payment-v2';
import { buildPaSendRTV2Request } from '../pagopa/soap/pa-send-rt-v2';
import { buildPaVerifyPaymentNoticeRequest } from '../pagopa/soap/pa-verify-payment-notice';
import type { ReceiptTransferInput } from '../pagopa/soap/receipt-writer';
import type { ReceiptSubject } from '../pagopa/receipt';
import { childElements, childText, firstChild, parseXml, type XmlElement } from '../pagopa/xml/safe-xml';
import { buildEndOfDay, type EndOfDayOptions, type EndOfDayOutput } from './end-of-day';
import { PSP_CATALOGUE, pspById } from './psp-catalogue';
import type { EnteStation, SimulatedPayment } from './simulated-payment';
import { SoapClient } from './soap-client';

export interface NodeSimulatorOptions {
  /** Where Quadra listens, e.g. http://localhost:3000. */
  baseUrl: string;
  /** Concurrent connections, as the Node's connection pool. Default 16. */
  concurrency?: number;
}

export interface PayOptions {
  /** The ente's station as configured on the Node. */
  ente: EnteStation;
  /** idPSP from the catalogue; default: chosen round-robin. */
  psp?: string;
  /** KO: the PSP could not collect; a negative receipt is sent. Default OK. */
  outcome?: 'OK' | 'KO';
  /** Default now. */
  at?: Date;
}

/** The latencies of one payment's three calls, milliseconds. */
export interface PayTimings {
  verify: number;
  getPayment: number;
  sendRt: number;
}

export class NodeFaultError extends Error {
  constructor(
    readonly operation: string,
    readonly faultCode: string,
    readonly description: string,
  ) {
    super(`${operation}: ${faultCode}: ${description}`);
    this.name = 'NodeFaultError';
  }
}

const ROME_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** pagoPA writes local Italian time without a zone. */
function romeLocal(d: Date): { dateTime: string; date: string } {
  const p = Object.fromEntries(ROME_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, dateTime: `${date}T${p.hour}:${p.minute}:${p.second}` };
}

function bodyOf(xml: string, operation: string): XmlElement {
  const root = parseXml(xml, { documentName: `the ${operation} answer` });
  const body = firstChild(root, 'Body');
  const content = body?.children[0];
  if (!content) throw new Error(`${operation}: the answer has no SOAP body: ${xml.slice(0, 200)}`);
  if (content.name === 'Fault') throw new NodeFaultError(operation, childText(content, 'faultcode') ?? 'Fault', childText(content, 'faultstring') ?? '');
  if (childText(content, 'outcome') !== 'OK') {
    const fault = firstChild(content, 'fault');
    throw new NodeFaultError(operation, (fault && childText(fault, 'faultCode')) ?? 'KO', (fault && childText(fault, 'description')) ?? '');
  }
  return content;
}

function subjectOf(e: XmlElement | undefined): ReceiptSubject {
  const id = e && firstChild(e, 'uniqueIdentifier');
  const s: ReceiptSubject = {
    uniqueIdentifierType: (id && childText(id, 'entityUniqueIdentifierType')) ?? 'F',
    uniqueIdentifierValue: (id && childText(id, 'entityUniqueIdentifierValue')) ?? 'ANONIMO',
    fullName: (e && childText(e, 'fullName')) ?? 'ANONIMO',
  };
  const email = e && childText(e, 'e-mail');
  if (email) s.email = email;
  return s;
}

/**
 * Plays the pagoPA Node and its PSPs against Quadra's paForNode endpoint, over real HTTP, the way the Node does
 * it: verify the notice, activate it (paGetPaymentV2), then deliver the receipt (paSendRTV2). It remembers the
 * payments it completed and, at end of day, writes what PSPs and the treasurer would send the ente.
 */
export class NodeSimulator {
  readonly payments: SimulatedPayment[] = [];
  private readonly client: SoapClient;
  private readonly concurrency: number;
  private nextPsp = 0;

  constructor(options: NodeSimulatorOptions) {
    this.concurrency = options.concurrency ?? 16;
    this.client = new SoapClient(new URL('/pagopa/paForNode', options.baseUrl).toString(), this.concurrency);
  }

  async pay(numeroAvviso: string, options: PayOptions): Promise<SimulatedPayment & { timings: PayTimings }> {
    const psp = options.psp ? pspById(options.psp) : PSP_CATALOGUE[this.nextPsp++ % PSP_CATALOGUE.length]!;
    const station = { idPA: options.ente.cfEnte, idBrokerPA: options.ente.idIntermediario, idStation: options.ente.idStazione };
    const qrCode = { fiscalCode: options.ente.cfEnte, noticeNumber: numeroAvviso };

    const verify = await this.client.post(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode }), 'paVerifyPaymentNotice');
    bodyOf(verify.body, 'paVerifyPaymentNotice');
    const get = await this.client.post(buildPaGetPaymentV2Request({ ...station, qrCode }), 'paGetPaymentV2');
    const data = firstChild(bodyOf(get.body, 'paGetPaymentV2'), 'data')!;
    const transferList = firstChild(data, 'transferList')!;
    const transfers: ReceiptTransferInput[] = childElements(transferList, 'transfer').map((t) => {
      const metadata = firstChild(t, 'metadata');
      const entries = metadata ? childElements(metadata, 'mapEntry').map((m) => ({ key: childText(m, 'key') ?? '', value: childText(m, 'value') ?? '' })) : [];
      return {
        idTransfer: Number(childText(t, 'idTransfer')),
        amount: eurosToCents(childText(t, 'transferAmount')),
        fiscalCodePA: childText(t, 'fiscalCodePA')!,
        companyName: childText(t, 'companyName'),
        iban: childText(t, 'IBAN')!,
        remittanceInformation: childText(t, 'remittanceInformation')!,
        transferCategory: childText(t, 'transferCategory')!,
        ...(entries.length > 0 && { metadata: entries }),
      };
    });
    const amount = eurosToCents(childText(data, 'paymentAmount'));
    const iuv = childText(data, 'creditorReferenceId')!;
    const companyName = childText(data, 'companyName')!;
    const debtor = subjectOf(firstChild(data, 'debtor'));
    const { date, dateTime } = romeLocal(options.at ?? new Date());
    const receiptId = randomUUID().replace(/-/g, '');
    const outcome = options.outcome ?? 'OK';
    const rt = buildPaSendRTV2Request({
      ...station,
      receipt: {
        receiptId,
        noticeNumber: numeroAvviso,
        fiscalCode: options.ente.cfEnte,
        outcome,
        creditorReferenceId: iuv,
        paymentAmount: amount,
        description: childText(data, 'description')!,
        companyName,
        debtor,
        transfers,
        idPSP: psp.idPSP,
        pspFiscalCode: psp.fiscalCode,
        pspCompanyName: psp.name,
        idChannel: psp.idChannel,
        channelDescription: 'app',
        payer: debtor,
        paymentMethod: 'creditCard',
        fee: 100,
        paymentDateTime: dateTime,
        applicationDate: date,
        transferDate: date,
      },
    });
    const sent = await this.client.post(rt, 'paSendRTV2');
    bodyOf(sent.body, 'paSendRTV2');
    const payment: SimulatedPayment = {
      noticeNumber: numeroAvviso,
      iuv,
      fiscalCode: options.ente.cfEnte,
      companyName,
      receiptId,
      outcome,
      amount,
      idPSP: psp.idPSP,
      paymentDate: date,
      paymentDateTime: dateTime,
      transfers: transfers.map((t) => ({ idTransfer: t.idTransfer, amount: t.amount, fiscalCodePA: t.fiscalCodePA, ...(t.companyName && { companyName: t.companyName }) })),
    };
    this.payments.push(payment);
    return { ...payment, timings: { verify: verify.ms, getPayment: get.ms, sendRt: sent.ms } };
  }

  /** Pays every notice, `concurrency` at a time; a refused notice is reported, the others go on. */
  async payAll(
    notices: readonly string[],
    options: PayOptions,
    onDone?: (r: { numeroAvviso: string; ok: boolean; timings?: PayTimings; error?: Error }) => void,
  ): Promise<{ paid: number; failed: { numeroAvviso: string; error: string }[] }> {
    let next = 0;
    let paid = 0;
    const failed: { numeroAvviso: string; error: string }[] = [];
    const worker = async () => {
      while (next < notices.length) {
        const numeroAvviso = notices[next++]!;
        try {
          const r = await this.pay(numeroAvviso, options);
          paid += 1;
          onDone?.({ numeroAvviso, ok: true, timings: r.timings });
        } catch (e) {
          failed.push({ numeroAvviso, error: (e as Error).message });
          onDone?.({ numeroAvviso, ok: false, error: e as Error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, notices.length) }, worker));
    return { paid, failed };
  }

  /** Writes the day's FRs and OPI journals into `outDir` and returns them with the anomalies injected. */
  async endOfDay(date: string, options: Omit<EndOfDayOptions, 'date'> & { outDir: string }): Promise<EndOfDayOutput & { paths: string[] }> {
    const out = buildEndOfDay(this.payments, { ...options, date });
    await fs.mkdir(options.outDir, { recursive: true });
    const paths: string[] = [];
    for (const f of out.files) {
      const file = path.join(options.outDir, f.name);
      await fs.writeFile(file, f.content, 'utf8');
      paths.push(file);
    }
    await fs.writeFile(path.join(options.outDir, `anomalie-${date}.json`), JSON.stringify({ anomalies: out.anomalies, punctual: out.punctual }, null, 2), 'utf8');
    return { ...out, paths };
  }

  /** Any other POST on the same connections (the bench's echo baseline). */
  postRaw(pathName: string, body: string): Promise<{ status: number; body: string; ms: number }> {
    return this.client.post(body, '', pathName);
  }

  close(): void {
    this.client.close();
  }
}
