import type { Projection } from '../src/read-store/projection';
import { positionsProjection } from './positions/positions.projection';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { payerProjection } from './payer/payer.projection';
import { entiCatalogProjection } from './enti-catalog/enti-catalog.projection';
import { accertamentiProjection } from './accertamenti/accertamenti.projection';
import { statisticsProjection } from './statistics/statistics.projection';

/** Every read model the process keeps up to date; one runner each. */
export const ALL_PROJECTIONS: Projection[] = [positionsProjection, auditTrailProjection, payerProjection, entiCatalogProjection, accertamentiProjection, statisticsProjection];
