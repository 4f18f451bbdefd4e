import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import type { ExportState } from './domain/export.decider';
import { RequestExportDto } from './export.dto';
import { ExportService } from './export.service';

const STATI = { requested: 'IN_CORSO', completed: 'COMPLETATO', failed: 'FALLITO', absent: 'IN_CORSO' } as const;

@ApiTags('export')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/export')
@UseGuards(EnteAccessGuard)
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Prenota export: the paid dovuti with a data esito from..to (≤ 1 year), optionally of one tipoDovuto, as a zipped ; CSV written by a job' })
  async request(@Param('codIpa') codIpa: string, @Body() dto: RequestExportDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.exports.request(codIpa, dto, ctx);
    writeCommandHeaders(res, r);
    const view = present(codIpa, r.state);
    res.setHeader('Location', view.links.self);
    return { ...view, ...commandMeta(r) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'State of an export (IN_CORSO, COMPLETATO, FALLITO), its row count and the download link' })
  async get(@Param('codIpa') codIpa: string, @Param('id') id: string) {
    return present(codIpa, (await this.exports.get(codIpa, id)).state);
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'The ZIP <codIpa>-export-<id>.zip holding the CSV' })
  async file(@Param('codIpa') codIpa: string, @Param('id') id: string, @Res() res: Response) {
    const f = await this.exports.file(codIpa, id);
    res.attachment(f.name).type('application/zip').sendFile(f.path);
  }
}

function present(codIpa: string, s: ExportState) {
  const r = s.request!;
  const self = `/api/v1/enti/${codIpa}/export/${encodeURIComponent(r.id)}`;
  return {
    id: r.id,
    stato: STATI[s.status],
    from: r.from,
    to: r.to,
    ...(r.tipoDovuto !== undefined && { tipoDovuto: r.tipoDovuto }),
    richiestoIl: r.at,
    ...(s.finishedAt && { terminatoIl: s.finishedAt }),
    ...(s.rows !== undefined && { righe: s.rows }),
    ...(s.sha256 && { sha256: s.sha256 }),
    ...(s.error && { errore: s.error }),
    links: { self, ...(s.status === 'completed' && { file: `${self}/file` }) },
  };
}
