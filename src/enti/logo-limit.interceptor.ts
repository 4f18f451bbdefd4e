import { CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { DomainError } from '../kernel/errors';
import { LOGO_MAX_BYTES } from './domain/ente.rules';

/** multer's "File too large" as a 413 that names the limit. */
@Injectable()
export class LogoLimitInterceptor implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof PayloadTooLargeException) throw new DomainError('LOGO_TOO_LARGE', `the logo exceeds ${LOGO_MAX_BYTES} bytes (200 KB): reduce the image`, 'too_large', 'logo', { max: LOGO_MAX_BYTES });
        throw err;
      }),
    );
  }
}
