import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request gets a correlation id (the client's X-Correlation-Id when sane); it ends up in logs and event metadata. */
export function correlationMiddleware(req: Request & { correlationId?: string }, res: Response, next: NextFunction) {
  const given = req.header('x-correlation-id');
  req.correlationId = given && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
}
