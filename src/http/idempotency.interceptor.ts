import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, of, switchMap, type Observable } from 'rxjs';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port';
import { DomainError } from '../kernel/errors';
import { deterministicUuid, sha256 } from '../kernel/ids';
import { actorOf, PRINCIPAL, type Principal } from '../auth/principal';

interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const REPLAYED_HEADERS = ['etag', 'x-quadra-position', 'location'];

/**
 * Idempotency-Key on a mutating request: the first successful response is stored as an event in its own stream;
 * a retry with the same key gets that response again, a reuse of the key for another request body is refused.
 * Together with CommandService's check of the key in the target stream, a retried POST never creates twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal; correlationId?: string }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (!key || req.method === 'GET' || req.method === 'HEAD') return next.handle();
    const actor = actorOf(req[PRINCIPAL]);
    const streamId = `idempotency-${sha256(`${actor}\u0000${key}`).slice(0, 40)}`;
    const requestHash = sha256(`${req.method} ${req.originalUrl}\u0000${JSON.stringify(req.body ?? null)}`);
    return from(this.store.readStream(streamId, { maxCount: 1 })).pipe(
      switchMap((events) => {
        const stored = events[0]?.data as StoredResponse | undefined;
        if (stored) {
          if (stored.requestHash !== requestHash) {
            throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request', 'conflict', 'Idempotency-Key');
          }
          for (const [h, v] of Object.entries(stored.headers)) res.setHeader(h, v);
          res.setHeader('Idempotent-Replayed', 'true');
          res.status(stored.status);
          return of(stored.body);
        }
        return next.handle().pipe(
          switchMap((body) => from(this.record(streamId, actor, key, req.correlationId ?? '', { requestHash, status: res.statusCode, body, headers: pick(res) }).then(() => body))),
        );
      }),
    );
  }

  private async record(streamId: string, actor: string, key: string, correlationId: string, data: StoredResponse) {
    try {
      await this.store.append(
        streamId,
        [{ id: deterministicUuid('idempotency', streamId), type: 'IdempotentRequestCompleted', data, metadata: { correlationId, actor, occurredAt: new Date().toISOString(), schemaVersion: 1, idempotencyKey: key } }],
        'no_stream',
      );
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err; // a concurrent retry recorded it first
    }
  }
}

function pick(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of REPLAYED_HEADERS) {
    const v = res.getHeader(h);
    if (v !== undefined) out[h] = String(v);
  }
  return out;
}
