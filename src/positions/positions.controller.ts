import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { CancelDovutoDto, CreateDovutoDto, UpdateDovutoDto } from './dto/position.dto';
import { PositionsService, type PositionResult } from './positions.service';

@ApiTags('dovuti')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/dovuti')
@UseGuards(EnteAccessGuard)
@UseInterceptors(IdempotencyInterceptor)
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a dovuto (azione I). Idempotency-Key makes a retried request safe.' })
  async create(@Param('codIpa') codIpa: string, @Body() dto: CreateDovutoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.positions.create(codIpa, dto, ctx);
    res.setHeader('Location', `/api/v1/enti/${codIpa}/dovuti/${encodeURIComponent(dto.iud)}`);
    return present(res, r);
  }

  @Put(':iud')
  @ApiOperation({ summary: 'Modify a dovuto (azione M). If-Match: "<revision>" for optimistic concurrency.' })
  async update(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Body() dto: UpdateDovutoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.positions.update(codIpa, iud, dto, ctx));
  }

  @Delete(':iud')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a dovuto (azione A); refused once paid' })
  async cancel(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Body() dto: CancelDovutoDto, @Query('motivo') motivo: string | undefined, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.positions.cancel(codIpa, iud, dto?.motivo ?? motivo, ctx));
  }

  @Get(':iud/events')
  @ApiOperation({ summary: "The dovuto's raw events, read from its stream" })
  events(@Param('codIpa') codIpa: string, @Param('iud') iud: string) {
    return this.positions.history(codIpa, iud);
  }
}

function present(res: Response, r: PositionResult) {
  writeCommandHeaders(res, r);
  const p = r.state.position;
  return {
    codIpa: p?.codIpa,
    iud: p?.iud,
    iuv: p?.iuv,
    numeroAvviso: p?.numeroAvviso,
    stato: r.state.status,
    importo: p ? (p.importo / 100).toFixed(2) : undefined,
    changed: r.events.length > 0,
    ...commandMeta(r),
  };
}
