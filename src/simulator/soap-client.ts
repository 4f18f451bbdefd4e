import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';

/** POSTs SOAP messages over keep-alive connections, at most `maxSockets` at a time, like the Node's pool. */
export class SoapClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(endpoint: string, maxSockets: number) {
    this.url = new URL(endpoint);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** The answer's body and how long the round trip took, in milliseconds. */
  post(body: string, soapAction: string, path = this.url.pathname, contentType = 'text/xml; charset=utf-8'): Promise<{ status: number; body: string; ms: number }> {
    const lib = this.url.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body, 'utf8');
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = lib.request(
        { host: this.url.hostname, port: this.url.port, path, method: 'POST', agent: this.agent, headers: { 'Content-Type': contentType, 'Content-Length': payload.length, SOAPAction: soapAction } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
