import type { NextFunction, Request, Response } from 'express';

/**
 * The paForNode route reads its own body, before the app's body parsers: a SOAP client must always get a SOAP
 * answer, and the app's text parser would answer an oversized body with the JSON error shape. At most one byte
 * past the cap is kept (the rest is drained, so the answer can still go out on the same socket); the XML
 * parser's size check then refuses it with the Node's fault.
 */
export function soapBodyReader(maxBytes: number) {
  return (req: Request & { rawSoapBody?: Buffer }, _res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size <= maxBytes) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      req.rawSoapBody = Buffer.concat(chunks).subarray(0, maxBytes + 1);
      next();
    });
    req.on('error', next);
  };
}

/** The body the reader kept; text when an earlier parser already turned it into a string. */
export function rawBodyOf(req: Request & { rawSoapBody?: Buffer }): string | Uint8Array {
  if (req.rawSoapBody) return req.rawSoapBody;
  if (typeof req.body === 'string') return req.body;
  return Buffer.isBuffer(req.body) ? req.body : '';
}
