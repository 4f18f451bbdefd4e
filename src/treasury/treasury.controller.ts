import { Body, Controller, HttpCode, Param, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { invalid } from '../kernel/errors';
import { Ctx } from '../http/request-context.decorator';
import { writeCommandHeaders } from '../http/command-response';
import { bytesOf, UploadedFileInterceptor } from '../reporting/http/file-upload';
import { OPI_MAX_BYTES } from './parsers/opi-giornale-di-cassa';
import type { DateFormat } from './parsers/treasury-movement';
import { DATE_FORMAT_NAMES } from './parsers/treasury-movement';
import { parseMappingField, type TreasuryFormat } from './import/read-treasury-file';
import { TreasuryImportService } from './import/treasury-import.service';

/** Largest giornale di cassa accepted: the OPI parser's own cap (XLS and CSV parsers cap lower and say so). */
export const TREASURY_UPLOAD_MAX_BYTES = OPI_MAX_BYTES;

const FORMATS: TreasuryFormat[] = ['opi', 'xls', 'csv'];

@ApiTags('tesoreria')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/tesoreria')
@UseGuards(EnteAccessGuard)
export class TreasuryController {
  constructor(private readonly imports: TreasuryImportService) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Import a giornale di cassa: OPI XML 1.4–1.8, XLS/XLSX (MyPivot columns) or CSV with form fields mapping (JSON, 1-based columns) and dateFormat. ' +
      'format = opi | xls | csv, or detected from the content. Movements already recorded are counted as duplicates.',
  })
  @UseInterceptors(UploadedFileInterceptor(TREASURY_UPLOAD_MAX_BYTES, 'giornale di cassa'))
  async upload(
    @Param('codIpa') codIpa: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, unknown>,
    @Ctx() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { bytes, fileName } = bytesOf(file, undefined, 'giornale di cassa');
    const format = body?.format;
    if (format !== undefined && format !== '' && !FORMATS.includes(format as TreasuryFormat)) throw invalid('TREASURY_UNKNOWN_FORMAT', 'format', `format must be one of ${FORMATS.join(', ')}`);
    const dateFormat = body?.dateFormat;
    if (dateFormat !== undefined && !DATE_FORMAT_NAMES.includes(dateFormat as DateFormat)) throw invalid('CSV_INVALID_MAPPING', 'dateFormat', `dateFormat must be one of ${DATE_FORMAT_NAMES.join(', ')}`);
    const r = await this.imports.importFile(
      codIpa,
      bytes,
      fileName ?? 'upload',
      { format: (format || undefined) as TreasuryFormat | undefined, mapping: parseMappingField(body?.mapping), dateFormat: dateFormat as DateFormat | undefined },
      ctx,
    );
    writeCommandHeaders(res, r);
    return { ...r, position: r.position.toString(), revision: r.revision.toString() };
  }
}
