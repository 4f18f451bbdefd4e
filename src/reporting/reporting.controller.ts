import { Body, Controller, HttpCode, Param, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { writeCommandHeaders } from '../http/command-response';
import { FR_MAX_ENVELOPE_BYTES } from '../reporting/parsers/flusso-riversamento';
import { bytesOf, UploadedFileInterceptor } from './http/file-upload';
import { ReportingImportService } from './import/reporting-import.service';

/** Cap of an FR upload: the largest SOAP envelope the parser accepts. */
export const FR_UPLOAD_MAX_BYTES = FR_MAX_ENVELOPE_BYTES;

@ApiTags('rendicontazioni')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/rendicontazioni')
@UseGuards(EnteAccessGuard)
export class ReportingController {
  constructor(private readonly imports: ReportingImportService) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'text/xml', 'application/xml')
  @ApiOperation({
    summary:
      'Import a FlussoRiversamento (raw XML, or base64 inside nodoInviaFlussoRendicontazione / nodoChiediFlussoRendicontazioneRisposta). ' +
      'The same flow twice (IUF + PSP + dataOraFlusso/revision) answers duplicate: true and records nothing.',
  })
  @UseInterceptors(UploadedFileInterceptor(FR_UPLOAD_MAX_BYTES, 'reporting flow'))
  async upload(@Param('codIpa') codIpa: string, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: unknown, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const { bytes, fileName } = bytesOf(file, body, 'FlussoRiversamento');
    const r = await this.imports.importFr(codIpa, bytes, { source: 'upload', fileName }, ctx);
    writeCommandHeaders(res, r);
    return {
      iuf: r.iuf,
      idPSP: r.idPSP,
      duplicate: r.duplicate,
      righe: r.rows,
      anomalie: r.anomalies,
      revision: r.revision.toString(),
      position: r.position.toString(),
    };
  }
}
