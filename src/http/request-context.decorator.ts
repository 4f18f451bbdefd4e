import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandContext } from '../kernel/command-context';
import { invalid } from '../kernel/errors';
import { actorOf, PRINCIPAL, type Principal } from '../auth/principal';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the CommandContext of a request: correlation id, actor, time, Idempotency-Key and If-Match. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const req = context.switchToHttp().getRequest<Request & { correlationId?: string; [PRINCIPAL]?: Principal }>();
  const idem = req.header('idempotency-key');
  if (idem !== undefined && !IDEMPOTENCY_KEY.test(idem)) throw invalid('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key', 'Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 . _ : -');
  const ifMatch = req.header('if-match');
  let expectedRevision: bigint | undefined;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(-?\d+)"?$/.exec(ifMatch.trim());
    if (!m) throw invalid('INVALID_IF_MATCH', 'If-Match', 'If-Match must be the ETag returned by a previous response, e.g. "3"');
    expectedRevision = BigInt(m[1]);
  }
  return {
    correlationId: req.correlationId ?? 'none',
    actor: actorOf(req[PRINCIPAL]),
    now: new Date().toISOString(),
    idempotencyKey: idem,
    expectedRevision,
  };
});

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>()[PRINCIPAL];
});
