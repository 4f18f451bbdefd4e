import { Injectable, Logger } from '@nestjs/common';
import type { EnteProfile } from '../../enti/domain/ente.events';
import type { RegisteredEnte } from '../../enti/domain/ente.state';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { DomainError } from '../../kernel/errors';
import { positionStreamId } from '../../positions/domain/position.streams';
import { PositionAggregate } from '../../positions/position.aggregate';
import type { PaStationHeader, QrCode } from '../soap/common';
import { faultResponse, paFault, type PaFault } from '../soap/faults';
import type { PaForNodeOperation } from '../soap/operations';
import { parsePaForNodeRequest, renderPaForNodeResponse, renderRefusal, type PaForNodeParsed } from '../soap/pa-for-node';
import type { PaGetPaymentRequest } from '../soap/pa-get-payment';
import type { PaSendRTRequest } from '../soap/pa-send-rt';
import type { PaVerifyPaymentNoticeRequest } from '../soap/pa-verify-payment-notice';
import { checkAddressing } from './domain/ente-addressing';
import { faultOfPositionError, payabilityFault, paymentData, verifyAnswer } from './domain/notice-answers';
import { receiptCommandData } from './domain/receipt-command';
import { EnteFiscalIndex } from './ente-fiscal-index';
import { PositionFinder } from './position-finder';
import { ReceiptArchive } from './receipt-archive';

/** Largest paForNode request read; the biggest valid paSendRTV2 is a few tens of KiB. */
export const PA_FOR_NODE_MAX_BYTES = 512 * 1024;

export interface SoapAnswer {
  httpStatus: 200 | 500;
  body: string;
  operation?: PaForNodeOperation;
  /** Set when the answer is a refusal. */
  faultCode?: string;
}

type Outcome = { ok: true; xml: string } | { ok: false; fault: PaFault };

/**
 * The ente's side of the paForNode interface. Every request either changes one position through its decider
 * (RequestPayment, ReceiveReceipt) and is answered OK, or is refused with the fault the Node expects, logged
 * for audit, and appends nothing.
 */
@Injectable()
export class PaForNodeService {
  private readonly logger = new Logger('pagopa.paForNode');

  constructor(
    private readonly commands: CommandService,
    private readonly index: EnteFiscalIndex,
    private readonly finder: PositionFinder,
    private readonly archive: ReceiptArchive,
  ) {}

  async handle(body: string | Uint8Array, soapAction: string | undefined, ctx: CommandContext): Promise<SoapAnswer> {
    const parsed = parsePaForNodeRequest(body, { maxBytes: PA_FOR_NODE_MAX_BYTES, soapAction });
    if (!parsed.ok) {
      this.audit(ctx, parsed.operation, parsed.fault, parsed.cause);
      const r = renderRefusal(parsed);
      return { ...r, operation: parsed.operation, faultCode: parsed.fault.faultCode };
    }
    if (parsed.warnings.length > 0) this.logger.log({ msg: 'paForNode request tolerated with warnings', correlationId: ctx.correlationId, operation: parsed.operation, warnings: parsed.warnings });
    let outcome: Outcome;
    try {
      outcome = await this.dispatch(parsed, ctx);
    } catch (cause) {
      outcome = { ok: false, fault: paFault('PAA_SYSTEM_ERROR', 'the station could not process the request; please retry later', (parsed.request as PaStationHeader).idPA) };
      this.audit(ctx, parsed.operation, outcome.fault, cause);
      return { httpStatus: 200, body: faultResponse(parsed.operation, outcome.fault), operation: parsed.operation, faultCode: outcome.fault.faultCode };
    }
    if (!outcome.ok) {
      this.audit(ctx, parsed.operation, outcome.fault);
      return { httpStatus: 200, body: faultResponse(parsed.operation, outcome.fault), operation: parsed.operation, faultCode: outcome.fault.faultCode };
    }
    return { httpStatus: 200, body: outcome.xml, operation: parsed.operation };
  }

  private dispatch(parsed: PaForNodeParsed, ctx: CommandContext): Promise<Outcome> {
    switch (parsed.operation) {
      case 'paVerifyPaymentNotice':
        return this.verify(parsed.request);
      case 'paGetPayment':
      case 'paGetPaymentV2':
        return this.getPayment(parsed.operation, parsed.request, ctx);
      case 'paSendRT':
      case 'paSendRTV2':
        return this.sendRt(parsed.operation, parsed.request, ctx);
    }
  }

  private async addressed(header: PaStationHeader, qrCode?: QrCode): Promise<{ ok: true; ente: EnteProfile; tipi: RegisteredEnte['tipiDovuto'] } | { ok: false; fault: PaFault }> {
    const ente = await this.index.byIdPA(header.idPA);
    const all = ente ? [] : await this.index.all();
    const checked = checkAddressing(header, ente?.profile, () => all, qrCode);
    return checked.ok ? { ...checked, tipi: ente!.tipiDovuto } : checked;
  }

  private async verify(request: PaVerifyPaymentNoticeRequest): Promise<Outcome> {
    const a = await this.addressed(request, request.qrCode);
    if (!a.ok) return a;
    const found = await this.finder.byIuv(a.ente.codIpa, request.qrCode.noticeNumber.slice(1));
    const notice = request.qrCode.noticeNumber;
    if (!found) return { ok: false, fault: paFault('PAA_PAGAMENTO_SCONOSCIUTO', `no position of ente ${a.ente.codIpa} has notice number ${notice}`, request.idPA) };
    const fault = payabilityFault(found.state, request.idPA, notice);
    if (fault) return { ok: false, fault };
    return { ok: true, xml: renderPaForNodeResponse('paVerifyPaymentNotice', { outcome: 'OK', data: verifyAnswer(found.state.position!, a.ente) }) };
  }

  private async getPayment(operation: 'paGetPayment' | 'paGetPaymentV2', request: PaGetPaymentRequest, ctx: CommandContext): Promise<Outcome> {
    const a = await this.addressed(request, request.qrCode);
    if (!a.ok) return a;
    const notice = request.qrCode.noticeNumber;
    const found = await this.finder.byIuv(a.ente.codIpa, notice.slice(1));
    if (!found) return { ok: false, fault: paFault('PAA_PAGAMENTO_SCONOSCIUTO', `no position of ente ${a.ente.codIpa} has notice number ${notice}`, request.idPA) };
    const fault = payabilityFault(found.state, request.idPA, notice);
    if (fault) return { ok: false, fault };
    // The answer is rendered before anything is appended: a position pagoPA cannot be told about is refused
    // (PAA_SYSTEM_ERROR) without recording a payment request.
    const p = found.state.position!;
    const tipo = a.tipi.get(p.tipoDovuto);
    if (!tipo) throw new Error(`tipo dovuto ${p.tipoDovuto} of dovuto ${p.iud} is not configured for ente ${a.ente.codIpa}`);
    const xml = renderPaForNodeResponse(operation, { outcome: 'OK', data: paymentData(p, a.ente, tipo) });
    try {
      await this.commands.execute(PositionAggregate, found.streamId, { type: 'RequestPayment', data: { channel: operation }, metadata: { now: ctx.now } }, ctx);
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, fault: faultOfPositionError(e.code, request.idPA, `notice ${notice}: ${e.message}`) };
      throw e;
    }
    return { ok: true, xml };
  }

  private async sendRt(operation: 'paSendRT' | 'paSendRTV2', request: PaSendRTRequest, ctx: CommandContext): Promise<Outcome> {
    const r = request.receipt;
    const a = await this.addressed(request, r.noticeNumber ? { fiscalCode: r.fiscalCode, noticeNumber: r.noticeNumber } : undefined);
    if (!a.ok) return a;
    const codIpa = a.ente.codIpa;
    let iuv = r.creditorReferenceId;
    let iud = await this.finder.iudOf(codIpa, iuv);
    // Receipts converted from legacy payments carry an IUV that differs from the notice number's.
    if (iud === undefined && r.noticeNumber && r.noticeNumber.slice(1) !== iuv) {
      iuv = r.noticeNumber.slice(1);
      iud = await this.finder.iudOf(codIpa, iuv);
    }
    if (iud === undefined) {
      return { ok: false, fault: paFault('PAA_PAGAMENTO_SCONOSCIUTO', `receipt ${r.receiptId}: no position of ente ${codIpa} has IUV ${r.creditorReferenceId}`, request.idPA) };
    }
    const ref = await this.archive.store(codIpa, iuv, r.receiptId, r.rawXml);
    const result = await this.commands.execute(PositionAggregate, positionStreamId(codIpa, iud), { type: 'ReceiveReceipt', data: receiptCommandData(r, ref), metadata: { now: ctx.now } }, ctx);
    const appended = result.events[0]?.type;
    if (appended === 'DuplicatePaymentReceived') {
      this.logger.warn({ msg: 'duplicate payment received', correlationId: ctx.correlationId, codIpa, iud, receiptId: r.receiptId, firstReceiptId: result.state.paidBy });
    }
    return { ok: true, xml: renderPaForNodeResponse(operation, { outcome: 'OK' }) };
  }

  /** The audit line of a refusal: who asked (correlation id), what, and the fault answered. */
  private audit(ctx: CommandContext, operation: PaForNodeOperation | undefined, fault: PaFault, cause?: unknown): void {
    const line = { msg: 'paForNode request refused', correlationId: ctx.correlationId, operation: operation ?? 'unknown', faultCode: fault.faultCode, faultId: fault.id, description: fault.description };
    if (cause !== undefined) this.logger.error({ ...line, err: String((cause as Error)?.stack ?? cause) });
    else this.logger.warn(line);
  }
}
