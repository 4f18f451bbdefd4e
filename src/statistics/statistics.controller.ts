import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import { EnteDirectory } from '../enti/ente.directory';
import { notFound } from '../kernel/errors';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { toCsv } from '../../projections/statistics/statistics.csv';
import { statistics } from '../../projections/statistics/statistics.queries';
import { DIMENSIONI, REST_NAMES, statisticsParams, type StatisticheQuery } from './statistics.http';

type Consistency = { minPosition?: string; waitMs?: string };

/**
 * The analysts' statistics (MyPivot's Statistiche): paid by data esito, reported by data regolamento, cashed by data
 * valuta, per period; totals of every payment, the other dimensions from closed accertamenti. JSON, or CSV with
 * Accept: text/csv.
 */
@ApiTags('statistiche')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/statistiche')
@UseGuards(EnteAccessGuard)
export class StatisticsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
    private readonly enti: EnteDirectory,
  ) {}

  @Get(':dimensione')
  @ApiOperation({ summary: 'Amounts and counts paid / reported / cashed per period: totali, tipi-dovuto, uffici, capitoli or accertamenti (closed ones)' })
  @ApiParam({ name: 'dimensione', enum: Object.keys(DIMENSIONI) })
  @ApiQuery({ name: 'granularita', required: false, enum: ['giorno', 'mese', 'anno'], description: 'default mese' })
  @ApiQuery({ name: 'da', required: true, example: '2024-01-01', description: 'first day, included (whole periods are returned)' })
  @ApiQuery({ name: 'a', required: true, example: '2024-12-31', description: 'last day, included; at most 20 years after da' })
  @ApiProduces('application/json', 'text/csv')
  async get(
    @Param('codIpa') codIpa: string,
    @Param('dimensione') dimensione: string,
    @Query() query: StatisticheQuery & Consistency,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { minPosition, waitMs, ...rest } = query;
    const params = statisticsParams(dimensione, rest);
    if (!(await this.enti.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    await this.consistency.await('statistics', minPosition, waitMs);
    const rows = await statistics(this.store, codIpa, params, REST_NAMES);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="statistiche-${codIpa}-${dimensione}-${params.from}-${params.to}.csv"`);
      return toCsv(rows, params.by);
    }
    return { codIpa, dimensione, granularita: rest.granularita ?? 'mese', da: params.from, a: params.to, items: rows };
  }
}
