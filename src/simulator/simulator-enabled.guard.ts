import { CanActivate, Inject, Injectable } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { notFound } from '../kernel/errors';

/** The simulator exists in embedded / test setups; in production only when SIMULATOR=on. */
export const simulatorEnabled = (config: Pick<QuadraConfig, 'production'>, env: NodeJS.ProcessEnv = process.env): boolean => !config.production || env.SIMULATOR === 'on';

@Injectable()
export class SimulatorEnabledGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: QuadraConfig) {}
  canActivate(): boolean {
    if (!simulatorEnabled(this.config)) throw notFound('NOT_FOUND', 'no such route');
    return true;
  }
}
