import { Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { FlowsService, type FlowView } from './flows.service';
import { FlowUploadLimitInterceptor } from './flow-upload.interceptor';

@ApiTags('flussi')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/flussi')
@UseGuards(EnteAccessGuard)
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FlowUploadLimitInterceptor, FileInterceptor('file'))
  @ApiOperation({ summary: "Upload a flow '<codIpa>-<IUF>-<versione>.zip' (field 'file'); it is imported as a job. The same flow twice: 409 FLOW_DUPLICATE" })
  async upload(@Param('codIpa') codIpa: string, @UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const view = await this.flows.upload(codIpa, file, ctx);
    writeCommandHeaders(res, view);
    res.setHeader('Location', selfLink(view));
    return { ...present(view), ...commandMeta(view) };
  }

  @Get()
  @ApiOperation({ summary: "The ente's flows, newest first" })
  async list(@Param('codIpa') codIpa: string, @Query('limit') limit?: string) {
    const n = limit === undefined ? 100 : Math.min(Math.max(Number(limit) || 100, 1), 1000);
    return { items: (await this.flows.list(codIpa, n)).map(present) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'State, counts, progress and result files of a flow' })
  async get(@Param('codIpa') codIpa: string, @Param('id') id: string) {
    return present(await this.flows.get(codIpa, id));
  }

  @Get(':id/scarti.csv')
  @ApiOperation({ summary: '<name>_SCARTI.csv: rejected rows with row number, IUD, code and message' })
  async scarti(@Param('codIpa') codIpa: string, @Param('id') id: string, @Res() res: Response) {
    const f = await this.flows.resultFile(codIpa, id, 'scarti');
    res.attachment(f.name).type('text/csv; charset=utf-8').sendFile(f.path);
  }

  @Get(':id/iuv.csv')
  @ApiOperation({ summary: '<name>_IUV.csv: IUV and numero avviso of every dovuto the flow created' })
  async iuv(@Param('codIpa') codIpa: string, @Param('id') id: string, @Res() res: Response) {
    const f = await this.flows.resultFile(codIpa, id, 'iuv');
    res.attachment(f.name).type('text/csv; charset=utf-8').sendFile(f.path);
  }
}

const selfLink = (v: Pick<FlowView, 'codIpa' | 'id'>) => `/api/v1/enti/${v.codIpa}/flussi/${encodeURIComponent(v.id)}`;

function present(v: FlowView) {
  const s = v.state;
  const total = s.rowsTotal;
  const progress = s.status === 'completed' ? 100 : total ? Math.floor((s.rowsDone / total) * 100) : 0;
  const self = selfLink(v);
  return {
    id: v.id,
    fileName: s.upload?.fileName,
    attempt: s.upload?.attempt,
    stato: s.status,
    righe: total,
    righeElaborate: s.rowsDone,
    accettate: s.accepted,
    scartate: s.rejected,
    progresso: progress,
    caricatoIl: s.uploadedAt,
    iniziatoIl: s.startedAt,
    terminatoIl: s.finishedAt,
    ...(s.error && { errore: s.error }),
    ...(s.warnings?.length ? { avvisi: s.warnings } : {}),
    links: {
      self,
      ...(s.status === 'completed' && { scarti: `${self}/scarti.csv`, iuv: `${self}/iuv.csv` }),
    },
  };
}
