import type { QuadraConfig } from '../config/config';
import { DomainError } from '../kernel/errors';
import { simulatorCheckoutPath } from './domain/carrello.events';

/**
 * Where the citizen is sent to pay a carrello. Outside production: the built-in simulator's checkout page on this
 * server (PUBLIC_BASE_URL). In production: CHECKOUT_BASE_URL, the pagoPA checkout front-end the intermediary has
 * set up, with the carrello id appended as a path segment; without it carrelli are refused (503) rather than
 * sending citizens to a simulator.
 */
export function checkoutUrlFor(config: Pick<QuadraConfig, 'production' | 'publicBaseUrl'>, carrelloId: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!config.production) return `${config.publicBaseUrl.replace(/\/$/, '')}${simulatorCheckoutPath(carrelloId)}`;
  const base = env.CHECKOUT_BASE_URL;
  if (!base) throw new DomainError('CHECKOUT_NOT_CONFIGURED', 'carrelli are not available: CHECKOUT_BASE_URL is not set on this server', 'unavailable');
  return `${base.replace(/\/$/, '')}/${encodeURIComponent(carrelloId)}`;
}
