import { Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnteAccessGuard } from '../../auth/guards';
import type { CommandContext } from '../../kernel/command-context';
import { Ctx } from '../../http/request-context.decorator';
import { ReportingPullService } from './reporting-pull.service';

@ApiTags('rendicontazioni')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/rendicontazioni')
@UseGuards(EnteAccessGuard)
export class ReportingPullController {
  constructor(private readonly pull: ReportingPullService) {}

  @Post('pull')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pull the reporting flows (FR) of the ente from the pagoPA Node now (nodoChiediElencoFlussiRendicontazione, then nodoChiediFlussoRendicontazione ' +
      'for each flow not yet recorded). The same pull also runs on a timer (QUADRA_FR_PULL_MINUTES). A flow that fails is listed and retried next time.',
  })
  async pullNow(@Param('codIpa') codIpa: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.pull.pullOnce(codIpa, ctx);
    // Several streams may change: no ETag, only the position to wait for on the read side.
    if (r.position !== undefined) res.setHeader('X-Quadra-Position', r.position.toString());
    return { elencati: r.listed, importati: r.imported, giaPresenti: r.alreadyKnown, falliti: r.failed, flussi: r.imports };
  }
}
