/// <reference types="multer" />
import { CallHandler, ExecutionContext, HttpException, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { catchError, type Observable } from 'rxjs';
import { DomainError } from '../../kernel/errors';

/** Multipart overhead allowed on top of the file cap (boundaries, part headers, small form fields). */
const MULTIPART_SLACK = 256 * 1024;

const tooLarge = (what: string, maxBytes: number) =>
  new DomainError('FILE_TOO_LARGE', `the ${what} exceeds the limit of ${Math.round(maxBytes / 1024 / 1024)} MiB: split it and upload the parts`, 'too_large', 'file', { maxBytes });

/**
 * FileInterceptor('file') with an explicit size cap. A request that announces more than the cap is refused from its
 * Content-Length before a byte of the body is read (a 2 GB upload never reaches memory); one that streams past the
 * cap is cut off by multer's limit. Both give 413 with a sentence naming the limit.
 */
export function UploadedFileInterceptor(maxBytes: number, what: string): Type<NestInterceptor> {
  const Inner = FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1 } });
  @Injectable()
  class CappedUpload implements NestInterceptor {
    private readonly inner = new Inner();
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<Request>();
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_SLACK) {
        // Connection: close, so the client stops sending the rest of the body.
        context.switchToHttp().getResponse().setHeader('Connection', 'close');
        throw tooLarge(what, maxBytes);
      }
      try {
        const out = await this.inner.intercept(context, next);
        return out.pipe(catchError((e) => { throw mapUploadError(e, what, maxBytes); }));
      } catch (e) {
        throw mapUploadError(e, what, maxBytes);
      }
    }
  }
  return mixin(CappedUpload);
}

function mapUploadError(e: unknown, what: string, maxBytes: number): unknown {
  if (e instanceof HttpException && e.getStatus() === 413) return tooLarge(what, maxBytes);
  if ((e as { code?: string })?.code === 'LIMIT_FILE_SIZE') return tooLarge(what, maxBytes);
  return e;
}

/** The uploaded bytes, or the raw XML body when the client posted text/xml instead of a form. */
export function bytesOf(file: Express.Multer.File | undefined, body: unknown, what: string): { bytes: Buffer; fileName?: string } {
  if (file) return { bytes: file.buffer, fileName: file.originalname };
  if (typeof body === 'string' && body.trim() !== '') return { bytes: Buffer.from(body, 'utf8') };
  throw new DomainError('FILE_MISSING', `send the ${what} as multipart form field "file" (or as a text/xml body)`, 'invalid', 'file');
}
