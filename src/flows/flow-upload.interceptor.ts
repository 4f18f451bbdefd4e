import { CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { DomainError } from '../kernel/errors';

/** Largest flow ZIP accepted over HTTP: the safe-unzip cap (100 MiB); QUADRA_FLOW_UPLOAD_MAX_BYTES lowers it (tests). */
export const flowUploadMaxBytes = (): number => {
  const fromEnv = Number(process.env.QUADRA_FLOW_UPLOAD_MAX_BYTES);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100 * 1024 * 1024;
};

/** Turns multer's "File too large" into a 413 that says what the limit is and what to do. */
@Injectable()
export class FlowUploadLimitInterceptor implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof PayloadTooLargeException) {
          const max = flowUploadMaxBytes();
          throw new DomainError('FLOW_ZIP_TOO_LARGE', `the uploaded flow exceeds ${max} bytes, the largest ZIP accepted: split the flow into several files`, 'too_large', 'file', { max });
        }
        throw err;
      }),
    );
  }
}
