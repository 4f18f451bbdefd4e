import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { bytesOf, UploadedFileInterceptor } from '../reporting/http/file-upload';
import { MAX_ZIP_BYTES } from '../flows/files/safe-unzip';
import { NotificationsService } from './import/notifications.service';

export class ReconciliationSettingsDto {
  @IsBoolean()
  notificheAttive!: boolean;
}

@ApiTags('riconciliazione')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa')
@UseGuards(EnteAccessGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('riconciliazione/impostazioni')
  @ApiOperation({ summary: 'Reconciliation switches of the ente (pagati notificati on/off)' })
  async getSettings(@Param('codIpa') codIpa: string) {
    return { notificheAttive: (await this.notifications.settings(codIpa)).notificationsEnabled };
  }

  @Put('riconciliazione/impostazioni')
  @ApiOperation({ summary: 'Switch pagati notificati (the IUD source of reconciliation) on or off' })
  async putSettings(@Param('codIpa') codIpa: string, @Body() dto: ReconciliationSettingsDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.notifications.changeSettings(codIpa, dto.notificheAttive, ctx);
    writeCommandHeaders(res, r);
    return { notificheAttive: r.state.notificationsEnabled, changed: r.events.length > 0, ...commandMeta(r) };
  }

  @Post('pagati-notificati')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload pagati notificati: ZIP <codIpa>-<id>-<versione>.zip holding the dovuti 1_2 columns without azione, importo = importo pagato' })
  @UseInterceptors(UploadedFileInterceptor(MAX_ZIP_BYTES, 'pagati notificati ZIP'))
  async upload(@Param('codIpa') codIpa: string, @UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const { bytes, fileName } = bytesOf(file, undefined, 'pagati notificati ZIP');
    const r = await this.notifications.importZip(codIpa, bytes, fileName, ctx);
    res.setHeader('X-Quadra-Position', r.position.toString());
    return { fileId: r.fileId, registrati: r.recorded, errori: r.errors, position: r.position.toString() };
  }
}
