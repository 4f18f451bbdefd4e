import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../../auth/guards';
import { AvvisiZipService } from './avvisi-zip.service';

@ApiTags('flussi')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/flussi/:id')
@UseGuards(EnteAccessGuard)
export class AvvisiZipController {
  constructor(private readonly zips: AvvisiZipService) {}

  @Get('avvisi.zip')
  @ApiOperation({ summary: '<name>_AVVISI_PDF.zip: the avviso PDF of every dovuto the flow loaded (built after the import, or now)' })
  async avvisi(@Param('codIpa') codIpa: string, @Param('id') id: string, @Res() res: Response) {
    const zip = await this.zips.get(codIpa, id);
    res.status(200).type('application/zip').setHeader('Content-Disposition', `attachment; filename="${zip.name}"`);
    res.sendFile(zip.path);
  }
}
