import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { Ctx } from '../http/request-context.decorator';
import type { CommandContext } from '../kernel/command-context';
import { notFound } from '../kernel/errors';
import { centsToEuros } from '../kernel/money';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { availablePayments, getAccertamento, listAccertamenti } from '../../projections/accertamenti/accertamenti.queries';
import { AccertamentiService, type AccertamentoResult } from './accertamenti.service';
import { AddPagamentoDto, AnnullaAccertamentoDto, CreateAccertamentoDto } from './dto/accertamento.dto';
import { EnteScope } from './enti-scope';

type Consistency = { minPosition?: string; waitMs?: string };

@ApiTags('accertamenti')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/accertamenti')
@UseGuards(EnteAccessGuard)
@UseInterceptors(IdempotencyInterceptor)
export class AccertamentiController {
  constructor(
    private readonly accertamenti: AccertamentiService,
    private readonly scope: EnteScope,
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Accertamenti of the ente, newest first: filters anno, tipoDovuto, stato (APERTO, CHIUSO, ANNULLATO), text; page, pageSize' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model has applied this X-Quadra-Position' })
  async list(@Param('codIpa') codIpa: string, @Query() query: Record<string, string> & Consistency) {
    const { minPosition, waitMs, ...filters } = query;
    await this.scope.ente(codIpa);
    await this.consistency.await('accertamenti', minPosition, waitMs);
    return listAccertamenti(this.store, codIpa, filters);
  }

  @Get('pagamenti-disponibili')
  @ApiOperation({ summary: 'Payments that can still be added: paid, and (unless tutti=true) reported and cashed, not assessed nor in a closed accertamento. Filters anno, tipoDovuto' })
  async available(@Param('codIpa') codIpa: string, @Query() query: Record<string, string> & Consistency) {
    const { minPosition, waitMs, ...filters } = query;
    await this.scope.ente(codIpa);
    await this.consistency.await('positions', minPosition, waitMs);
    await this.consistency.await('accertamenti', minPosition, waitMs);
    return availablePayments(this.store, codIpa, filters);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An accertamento with its payments and their splits' })
  async get(@Param('codIpa') codIpa: string, @Param('id') id: string, @Query() { minPosition, waitMs }: Consistency) {
    await this.scope.ente(codIpa);
    await this.consistency.await('accertamenti', minPosition, waitMs);
    const view = await getAccertamento(this.store, codIpa, id);
    if (!view) throw notFound('ACCERTAMENTO_NOT_FOUND', `accertamento "${id}" does not exist for ente ${codIpa}`);
    return view;
  }

  @Post()
  @ApiOperation({ summary: 'Create an accertamento (APERTO) for a tipo dovuto and a budget year' })
  async create(@Param('codIpa') codIpa: string, @Body() dto: CreateAccertamentoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.accertamenti.create(codIpa, dto, ctx);
    res.setHeader('Location', `/api/v1/enti/${codIpa}/accertamenti/${encodeURIComponent(r.state.header?.id ?? '')}`);
    return present(res, r);
  }

  @Post(':id/pagamenti')
  @ApiOperation({ summary: "Add a paid payment with its split over uffici / capitoli / accertamenti contabili (default: the position's bilancio)" })
  async add(@Param('codIpa') codIpa: string, @Param('id') id: string, @Body() dto: AddPagamentoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.accertamenti.addPayment(codIpa, id, dto, ctx));
  }

  @Delete(':id/pagamenti/:iud')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a payment from an open accertamento' })
  async remove(@Param('codIpa') codIpa: string, @Param('id') id: string, @Param('iud') iud: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.accertamenti.removePayment(codIpa, id, iud, ctx));
  }

  @Post(':id/chiudi')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the accertamento (CHIUSO): its payments become assessed; refused when empty' })
  async close(@Param('codIpa') codIpa: string, @Param('id') id: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.accertamenti.close(codIpa, id, ctx));
  }

  @Post(':id/annulla')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an open accertamento (ANNULLATO); a closed one cannot be cancelled' })
  async cancel(@Param('codIpa') codIpa: string, @Param('id') id: string, @Body() dto: AnnullaAccertamentoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return present(res, await this.accertamenti.cancel(codIpa, id, dto?.motivo, ctx));
  }
}

function present(res: Response, r: AccertamentoResult) {
  writeCommandHeaders(res, r);
  const s = r.state;
  const payments = [...s.payments.values()];
  return {
    id: s.header?.id,
    codIpa: s.header?.codIpa,
    codTipoDovuto: s.header?.codTipoDovuto,
    anno: s.header?.anno,
    descrizione: s.header?.descrizione,
    stato: s.status,
    numeroPagamenti: payments.length,
    totale: centsToEuros(payments.reduce((sum, p) => sum + p.importo, 0)),
    changed: r.events.length > 0,
    ...commandMeta(r),
  };
}
