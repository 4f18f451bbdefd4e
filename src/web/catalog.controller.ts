import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { notFound, invalid } from '../kernel/errors';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { EnteDirectory } from '../enti/ente.directory';
import { getEnteCatalog, searchEnti } from '../../projections/enti-catalog/enti-catalog.queries';

/** Public: the citizen portal's "Scelta beneficiario". Only what an ente publishes to citizens, nothing else. */
@ApiTags('portale')
@Controller('api/v1/catalogo-enti')
export class CatalogController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
    private readonly enti: EnteDirectory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Enti a citizen can pay, alphabetical; q: words that start words of the name or the codIpa ("com mil")' })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'conSpontanei', required: false, description: 'true: only enti with a tipo dovuto payable without an avviso' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  async search(@Query() query: Record<string, string>) {
    const { minPosition, waitMs, conSpontanei, ...rest } = query;
    await this.consistency.await('enti-catalog', minPosition, waitMs);
    if (conSpontanei !== undefined && conSpontanei !== 'true' && conSpontanei !== 'false')
      throw invalid('INVALID_FILTER', 'conSpontanei', `conSpontanei must be true or false, got "${conSpontanei}"`);
    return searchEnti(this.store, { ...rest, ...(conSpontanei !== undefined && { conSpontanei: conSpontanei === 'true' }) });
  }

  @Get(':codIpa')
  @ApiOperation({ summary: "An ente and its tipi dovuto payable spontaneously, each with the form the citizen fills" })
  async get(@Param('codIpa') codIpa: string, @Query('minPosition') minPosition?: string, @Query('waitMs') waitMs?: string) {
    await this.consistency.await('enti-catalog', minPosition, waitMs);
    const view = await getEnteCatalog(this.store, codIpa);
    if (!view) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not in the catalogue`);
    // The form fields live in the ente's configuration; the catalogue keeps the listing small.
    const ente = await this.enti.get(codIpa);
    return {
      ...view,
      tipiSpontanei: view.tipiSpontanei.map((t) => ({ ...t, campi: ente?.tipiDovuto.get(t.codTipo)?.campi ?? [] })),
    };
  }
}
