import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry point is `<dir>/<name>.js`. Compiled code has that file; under the TypeScript
 * sources (jest) there is only `<name>.ts`: the thread then compiles the .ts files it requires with swc, as jest does
 * for the main thread.
 */
export function spawnWorker(dir: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const compiled = path.join(dir, `${name}.js`);
  if (fs.existsSync(compiled)) return new Worker(compiled, { workerData, resourceLimits });
  const source = path.join(dir, `${name}.ts`);
  const swcrc = path.resolve(__dirname, '../../.swcrc');
  const bootstrap = `
    const fs = require('node:fs');
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    const options = { ...JSON.parse(fs.readFileSync(${JSON.stringify(swcrc)}, 'utf8')), swcrc: false, sourceMaps: 'inline' };
    require.extensions['.ts'] = (module, filename) => module._compile(swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}
