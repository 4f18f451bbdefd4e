import type { NextFunction, Request, Response } from 'express';

type SoapRequest = Request & { rawSoapBody?: Buffer };

/**
 * The paForNode route reads its own body, before the app's body parsers: a SOAP client must always get a SOAP
 * answer, and the app's text parser would answer an oversized body with the JSON error shape. At most one byte
 * past the cap is kept (the rest is drained, so the answer can still go out on the same socket); the XML
 * parser's size check then refuses it with the Node's fault.
 *
 * With `answer`, a POST to the endpoint itself is answered here once its body is read, instead of walking the
 * app's middleware and route table to reach the same handler: that walk was a visible part of every Node call
 * (bench:node). `answer` must do what the route's own middleware would (correlation id) and never throw.
 */
export function soapBodyReader(maxBytes: number, answer?: (req: SoapRequest, res: Response) => Promise<void>) {
  return (req: SoapRequest, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size <= maxBytes) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      req.rawSoapBody = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).subarray(0, maxBytes + 1);
      // Mounted on the endpoint's path, req.path is what follows it: '/' for the endpoint itself.
      if (answer && req.path === '/') answer(req, res).catch(next);
      else next();
    });
    req.on('error', next);
  };
}

/** The body the reader kept; text when an earlier parser already turned it into a string. */
export function rawBodyOf(req: SoapRequest): string | Uint8Array {
  if (req.rawSoapBody) return req.rawSoapBody;
  if (typeof req.body === 'string') return req.body;
  return Buffer.isBuffer(req.body) ? req.body : '';
}
