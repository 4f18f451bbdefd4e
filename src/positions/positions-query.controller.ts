import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EnteAccessGuard } from '../auth/guards';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { getPosition, searchPositions } from '../../projections/positions/positions.queries';
import { positionHistory } from '../../projections/audit-trail/audit-trail.queries';
import { dovutoNotFound, PositionsService } from './positions.service';

/** Query parameters that steer waiting, not filtering. */
type Consistency = { minPosition?: string; waitMs?: string };

/** The read side of dovuti: answered from the positions and audit-trail read models. */
@ApiTags('dovuti')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/dovuti')
@UseGuards(EnteAccessGuard)
export class PositionsQueryController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
    private readonly positions: PositionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Search dovuti: iud, iuv, numeroAvviso, codiceFiscale, anagrafica, stato, tipoDovuto, scadenzaDa/A, creatoDa/A, pagatoDa/A, importoDa/A, sort, page, pageSize (≤ 200)' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model has applied this X-Quadra-Position' })
  async search(@Param('codIpa') codIpa: string, @Query() query: Record<string, string> & Consistency) {
    const { minPosition, waitMs, ...filters } = query;
    await this.positions.requireEnte(codIpa);
    await this.consistency.await('positions', minPosition, waitMs);
    return searchPositions(this.store, codIpa, filters);
  }

  @Get(':iud')
  @ApiOperation({ summary: 'The current state of a dovuto, with its receipts, reports, cashings and reconciliation' })
  async get(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Query() { minPosition, waitMs }: Consistency) {
    await this.positions.requireEnte(codIpa);
    await this.consistency.await('positions', minPosition, waitMs);
    const view = await getPosition(this.store, codIpa, iud);
    if (!view) throw dovutoNotFound(codIpa, iud);
    return view;
  }

  @Get(':iud/history')
  @ApiOperation({ summary: 'What happened to this dovuto, when and by whom, in words; each entry links its raw event' })
  async history(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Query() { minPosition, waitMs }: Consistency) {
    await this.positions.requireEnte(codIpa);
    await this.consistency.await('audit-trail', minPosition, waitMs);
    const entries = await positionHistory(this.store, codIpa, iud);
    if (entries.length === 0) throw dovutoNotFound(codIpa, iud);
    const raw = `/api/v1/enti/${codIpa}/dovuti/${encodeURIComponent(iud)}/events`;
    return { codIpa, iud, entries: entries.map((e) => ({ ...e, rawEvent: `${raw}#${e.revision}` })), rawEvents: raw };
  }
}
