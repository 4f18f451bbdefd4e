import { Controller, Headers, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CommandContext } from '../../kernel/command-context';
import { soapFaultEnvelope } from '../soap/envelope';
import { PaForNodeService } from './pa-for-node.service';
import { rawBodyOf } from './raw-body';

/**
 * The endpoint the pagoPA Node calls (SOAP 1.1). No API key: the Node is identified by the idPA / idBrokerPA /
 * idStation it sends, checked against the enti's configuration. Always answers XML, never the JSON error shape.
 * On Express the body reader of PagopaModule calls answerPaForNode directly; the route stays for the API docs
 * and any other HTTP adapter.
 */
@ApiTags('pagoPA Node (SOAP)')
@Controller('pagopa')
export class PaForNodeController {
  constructor(private readonly service: PaForNodeService) {}

  @Post('paForNode')
  @HttpCode(200)
  @ApiConsumes('text/xml')
  @ApiOperation({ summary: 'paForNode SOAP endpoint: paVerifyPaymentNotice, paGetPayment(V2), paSendRT(V2)' })
  paForNode(@Req() req: Request & { correlationId?: string }, @Res() res: Response, @Headers('soapaction') soapAction?: string): Promise<void> {
    return answerPaForNode(this.service, req, res, soapAction);
  }
}

const logger = new Logger('pagopa.paForNode');

/** One Node call: the request's bytes to the service, its SOAP answer back. */
export async function answerPaForNode(service: PaForNodeService, req: Request & { correlationId?: string }, res: Response, soapAction: string | undefined): Promise<void> {
  const ctx: CommandContext = { correlationId: req.correlationId ?? 'none', actor: 'node', now: new Date().toISOString() };
  let answer: { httpStatus: number; body: string };
  try {
    answer = await service.handle(rawBodyOf(req), soapAction, ctx);
  } catch (e) {
    // handle answers every failure it knows as a fault; anything else still gets SOAP, not the JSON error shape.
    logger.error({ msg: 'paForNode request failed', correlationId: ctx.correlationId, err: String((e as Error)?.stack ?? e) });
    answer = { httpStatus: 500, body: soapFaultEnvelope('Server', 'the station could not process the request; please retry later') };
  }
  // Written directly rather than through res.send: a SOAP answer needs no ETag (a hash of every body) nor
  // content negotiation, and these were a visible part of each Node call (bench:node).
  res.statusCode = answer.httpStatus;
  res.setHeader('Content-Type', 'text/xml; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(answer.body, 'utf8'));
  res.end(answer.body, 'utf8');
}
