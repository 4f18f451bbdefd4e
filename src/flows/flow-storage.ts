import * as path from 'node:path';

/** Where a flow's files live: `<dataDir>/flows/<codIpa>/`, shared by API and workers (a shared volume in production). */
export const flowDir = (dataDir: string, codIpa: string): string => path.join(dataDir, 'flows', codIpa);
export const relativeFlowPath = (codIpa: string, file: string): string => path.join('flows', codIpa, file);
export const absolute = (dataDir: string, relative: string): string => path.join(dataDir, relative);
