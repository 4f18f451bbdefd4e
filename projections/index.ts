import type { Projection } from '../src/read-store/projection';

/** Every read model the process keeps up to date; one runner each. */
export const ALL_PROJECTIONS: Projection[] = [];
