import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { PositionsService } from '../positions/positions.service';
import { CreateCarrelloDto } from './carrelli.dto';
import { CarrelliService } from './carrelli.service';
import { PagatiService, type PagatiParams } from './pagati.service';

@ApiTags('carrelli')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/carrelli')
@UseGuards(EnteAccessGuard)
export class CarrelliController {
  constructor(private readonly carrelli: CarrelliService) {}

  @Post()
  @ApiOperation({ summary: 'Iniziato presso ente: put 1-5 payable dovuti (also of other enti) in a cart; returns the checkout URL to send the citizen to and the return URL' })
  async create(@Param('codIpa') codIpa: string, @Body() dto: CreateCarrelloDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.carrelli.create(codIpa, dto, ctx);
    const c = r.state.created!;
    writeCommandHeaders(res, r);
    res.status(r.replayed ? 200 : 201);
    res.setHeader('Location', `/api/v1/enti/${codIpa}/carrelli/${c.id}`);
    return { id: c.id, checkoutUrl: c.checkoutUrl, returnUrl: c.returnUrl, ...commandMeta(r) };
  }

  @Get(':id')
  @ApiOperation({ summary: "The cart's outcome (OK, KO, IN_CORSO) and each dovuto's current state and receipt" })
  async get(@Param('codIpa') codIpa: string, @Param('id') id: string) {
    return this.carrelli.get(codIpa, id);
  }
}

@ApiTags('carrelli')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/pagati')
@UseGuards(EnteAccessGuard)
export class PagatiController {
  constructor(
    private readonly pagati: PagatiService,
    private readonly positions: PositionsService,
    private readonly consistency: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: "paaSILChiediPagati: the ente's paid dovuti with their receipts; iuv, iud, from/to on the payment time (dates are Italian days), page, pageSize" })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model has applied this X-Quadra-Position' })
  async list(@Param('codIpa') codIpa: string, @Query() query: PagatiParams & { minPosition?: string; waitMs?: string }) {
    const { minPosition, waitMs, ...params } = query;
    await this.positions.requireEnte(codIpa);
    await this.consistency.await('positions', minPosition, waitMs);
    return this.pagati.list(codIpa, params);
  }
}
