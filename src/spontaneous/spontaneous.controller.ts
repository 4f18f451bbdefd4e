import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { PagamentoSpontaneoDto } from './spontaneous.dto';
import { SpontaneousService } from './spontaneous.service';

/** Public: a citizen needs no key. Idempotency-Key makes a double click create one dovuto. */
@ApiTags('pagamenti-spontanei')
@Controller('api/v1/enti/:codIpa/pagamenti-spontanei')
export class SpontaneousController {
  constructor(private readonly spontaneous: SpontaneousService) {}

  @Post()
  @ApiOperation({ summary: "Pay a spontaneous tipo dovuto: the form is checked, a dovuto created, the numero avviso mailed to the payer" })
  async create(@Param('codIpa') codIpa: string, @Body() dto: PagamentoSpontaneoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.spontaneous.create(codIpa, dto, ctx);
    writeCommandHeaders(res, r);
    const p = r.state.position!;
    const base = `/api/v1/enti/${codIpa}/dovuti/${encodeURIComponent(p.iud)}`;
    res.setHeader('Location', base);
    return { codIpa, iud: p.iud, iuv: p.iuv, numeroAvviso: p.numeroAvviso, importo: (p.importo / 100).toFixed(2), causale: p.causale, links: { avviso: `${base}/avviso.pdf`, checkout: 'https://checkout.pagopa.it/' }, ...commandMeta(r) };
  }
}
