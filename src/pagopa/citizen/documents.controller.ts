import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../../auth/guards';
import { CitizenDocumentsService } from './citizen-documents.service';

@ApiTags('dovuti')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/dovuti/:iud')
@UseGuards(EnteAccessGuard)
export class DocumentsController {
  constructor(private readonly documents: CitizenDocumentsService) {}

  @Get('avviso.pdf')
  @ApiOperation({ summary: 'The avviso di pagamento pagoPA of the dovuto (PDF with QR code PAGOPA|002|numero avviso|CF ente|importo)' })
  async avviso(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Res() res: Response) {
    const { pdf, position } = await this.documents.avviso(codIpa, iud, new Date().toISOString());
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename="avviso-${position.numeroAvviso}.pdf"`);
    res.send(pdf);
  }

  @Get('ricevuta.pdf')
  @ApiOperation({ summary: 'The ricevuta di pagamento of the dovuto (PDF); ?receiptId= for a specific receipt' })
  async ricevuta(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Query('receiptId') receiptId: string | undefined, @Res() res: Response) {
    const { pdf, position } = await this.documents.ricevuta(codIpa, iud, receiptId);
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename="ricevuta-${position.iuv}.pdf"`);
    res.send(pdf);
  }
}
