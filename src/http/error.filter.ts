import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ValidationErrors, type ErrorKind } from '../kernel/errors';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  too_large: 413,
  unavailable: 503,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  errors?: { field: string; code: string; message: string }[];
  details?: Record<string, unknown>;
  correlationId?: string;
}

/** Every failure leaves as the same JSON shape: a stable code, the field, a sentence, the correlation id. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { correlationId?: string }>();
    const body = toErrorBody(exception);
    body.correlationId = req.correlationId;
    if (body.statusCode >= 500) this.logger.error({ msg: 'request failed', correlationId: req.correlationId, path: req.path, err: String((exception as Error)?.stack ?? exception) });
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof ValidationErrors) {
    return { statusCode: 400, error: exception.code, message: exception.message, field: exception.field, errors: exception.errors };
  }
  if (exception instanceof DomainError) {
    return { statusCode: STATUS[exception.kind], error: exception.code, message: exception.message, field: exception.field, details: exception.details };
  }
  if (exception instanceof WrongExpectedRevisionError) {
    return { statusCode: 409, error: 'CONCURRENT_MODIFICATION', message: `${exception.streamId} was changed concurrently: retry` };
  }
  if (exception instanceof HttpException && exception.cause) {
    const fromCause = bodyParserError(exception.cause);
    if (fromCause) return fromCause;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const r = exception.getResponse();
    if (typeof r === 'object' && r !== null && 'error' in r && 'statusCode' in r && 'message' in r && typeof (r as ErrorBody).message === 'string') return r as ErrorBody;
    const message = typeof r === 'string' ? r : Array.isArray((r as { message?: unknown }).message) ? ((r as { message: string[] }).message).join('; ') : String((r as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, error: httpCode(status), message };
  }
  const fromParser = bodyParserError(exception);
  if (fromParser) return fromParser;
  const e = exception as { status?: number; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return { statusCode: e.status, error: httpCode(e.status), message: e.message ?? 'bad request' };
  return { statusCode: 500, error: 'INTERNAL_ERROR', message: 'internal error: the correlation id identifies it in the logs' };
}

/** Body-parser failures arrive as errors with a `type` (sometimes wrapped by Nest as the cause of a 400). */
function bodyParserError(exception: unknown): ErrorBody | undefined {
  const e = exception as { type?: string; message?: string; limit?: number };
  if (e?.type === 'entity.parse.failed') return { statusCode: 400, error: 'MALFORMED_JSON', message: `the request body is not valid JSON: ${e.message}` };
  if (e?.type === 'entity.too.large') return { statusCode: 413, error: 'BODY_TOO_LARGE', message: `the request body exceeds the limit of ${e.limit ?? '?'} bytes` };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return { statusCode: 415, error: 'UNSUPPORTED_ENCODING', message: String(e.message) };
  return undefined;
}

function httpCode(status: number): string {
  const codes: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 412: 'PRECONDITION_FAILED', 413: 'BODY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE', 429: 'TOO_MANY_REQUESTS' };
  return codes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}
