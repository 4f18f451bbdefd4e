/** A component of /health: a port (with its adapter name) or a projection (with its lag). */
export interface HealthCheck {
  name: string;
  check(): Promise<{ ok: boolean; [detail: string]: unknown }>;
}
export const HEALTH_CHECKS = Symbol('HealthChecks');
