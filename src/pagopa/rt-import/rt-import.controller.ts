/// <reference types="multer" />
import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../../auth/guards';
import { Ctx } from '../../http/request-context.decorator';
import type { CommandContext } from '../../kernel/command-context';
import { centsToEuros } from '../../kernel/money';
import { bytesOf, UploadedFileInterceptor } from '../../reporting/http/file-upload';
import { RtImportService } from './rt-import.service';
import { UnmatchedReceiptsIndex } from './unmatched-receipts.index';

/** An archive of legacy RTs is a ZIP of small XML files; 50 MiB holds tens of thousands. */
export const RT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;

@ApiTags('ricevute')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/ricevute')
@UseGuards(EnteAccessGuard)
export class RtImportController {
  constructor(
    private readonly service: RtImportService,
    private readonly unmatched: UnmatchedReceiptsIndex,
  ) {}

  @Post('rt')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'text/xml')
  @ApiOperation({ summary: 'Import legacy RT 6.2 receipts (one XML or a ZIP of them, multipart field "file"): recorded on their positions; RTs of unknown positions are kept and listed' })
  @UseInterceptors(UploadedFileInterceptor(RT_UPLOAD_MAX_BYTES, 'RT file'))
  async importRt(@Param('codIpa') codIpa: string, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: unknown, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const { bytes, fileName } = bytesOf(file, body, 'RT file');
    const result = await this.service.import(codIpa, bytes, fileName ?? 'rt.xml', ctx);
    res.setHeader('X-Quadra-Position', result.position);
    return result;
  }

  @Get('non-abbinate')
  @ApiOperation({ summary: 'Receipts imported for IUVs that match no position of the ente (kept, never dropped)' })
  async nonAbbinate(@Param('codIpa') codIpa: string) {
    const items = (await this.unmatched.list(codIpa)).map((d) => ({
      iuv: d.iuv,
      iur: d.iur,
      file: d.fileName,
      esito: d.receipt.outcome,
      importo: centsToEuros(d.receipt.amount),
      idPSP: d.receipt.idPSP,
      pagatore: d.receipt.debtor?.anagrafica,
      dataPagamento: d.receipt.paymentDateTime,
      registrataIl: d.at,
    }));
    return { items, total: items.length };
  }
}
