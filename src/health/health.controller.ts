import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HEALTH_CHECKS, type HealthCheck } from './health-check';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get('health')
  @ApiOperation({ summary: 'Each port with its adapter and status, and the lag of every projection' })
  async health(@Res({ passthrough: true }) res: Response) {
    const entries = await Promise.all(
      this.checks.map(async (c) => {
        try {
          return [c.name, await c.check()] as const;
        } catch (err) {
          return [c.name, { ok: false, detail: String((err as Error)?.message ?? err) }] as const;
        }
      }),
    );
    const components = Object.fromEntries(entries);
    const ok = entries.every(([, v]) => v.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', components };
  }
}
