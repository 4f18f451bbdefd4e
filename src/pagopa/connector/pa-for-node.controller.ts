import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CommandContext } from '../../kernel/command-context';
import { PaForNodeService } from './pa-for-node.service';
import { rawBodyOf } from './raw-body';

/**
 * The endpoint the pagoPA Node calls (SOAP 1.1). No API key: the Node is identified by the idPA / idBrokerPA /
 * idStation it sends, checked against the enti's configuration. Always answers XML, never the JSON error shape.
 */
@ApiTags('pagoPA Node (SOAP)')
@Controller('pagopa')
export class PaForNodeController {
  constructor(private readonly service: PaForNodeService) {}

  @Post('paForNode')
  @HttpCode(200)
  @ApiConsumes('text/xml')
  @ApiOperation({ summary: 'paForNode SOAP endpoint: paVerifyPaymentNotice, paGetPayment(V2), paSendRT(V2)' })
  async paForNode(@Req() req: Request & { correlationId?: string }, @Res() res: Response, @Headers('soapaction') soapAction?: string): Promise<void> {
    const body = rawBodyOf(req);
    const ctx: CommandContext = { correlationId: req.correlationId ?? 'none', actor: 'node', now: new Date().toISOString() };
    const answer = await this.service.handle(body, soapAction, ctx);
    res.status(answer.httpStatus).type('text/xml; charset=utf-8').send(answer.body);
  }
}
