#!/usr/bin/env -S node --max-semi-space-size=64
import 'reflect-metadata';
import { Command } from 'commander';
import { registerRebuild } from './rebuild.command';
import { registerImportFlow } from './import-flow.command';
import { registerSimulate } from './simulate.command';
import { registerImportFr } from './import-fr.command';
import { registerImportTreasury } from './import-treasury.command';
import { registerReconcile } from './reconcile.command';
import { registerExport } from './export.command';
import { registerStats } from './stats.command';
import { registerDemo } from './demo.command';

/** `quadra`: the operators' and analysts' command line. Each command opens the stores named by the environment. */
export function buildProgram(): Command {
  const program = new Command('quadra').description('Quadra: pagoPA payments and reconciliation hub').showHelpAfterError();
  registerRebuild(program);
  registerImportFlow(program);
  registerSimulate(program);
  registerImportFr(program);
  registerImportTreasury(program);
  registerReconcile(program);
  registerExport(program);
  registerStats(program);
  registerDemo(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: Error) => {
      process.stderr.write(`quadra: ${err.message}\n`);
      process.exit(1);
    });
}
