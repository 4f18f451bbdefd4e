import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { DomainError } from '../../kernel/errors';
import { FR_MAX_ENVELOPE_BYTES } from '../parsers/flusso-riversamento';
import {
  buildNodoChiediElencoFlussiRendicontazione,
  buildNodoChiediFlussoRendicontazione,
  flowsOfElenco,
  readNodoRisposta,
  type FlowListEntry,
  type NodoStation,
} from './node-for-pa.messages';

/** The simulator's nodoPerPa route, relative to Quadra's own base URL. */
export const SIMULATOR_NODO_PER_PA_PATH = '/simulator/nodo/nodoPerPa';
const TIMEOUT_MS = 60_000;
/** Fault answers are small: only those are parsed here; a flow goes whole to the FR parser. */
const FAULT_SNIFF_BYTES = 64 * 1024;

const unavailable = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 'unavailable', undefined, details);

/** Where the Node's nodoPerPa service is: NODE_FOR_PA_URL, else the embedded simulator outside production. */
export function nodeForPaUrl(config: Pick<QuadraConfig, 'production' | 'publicBaseUrl'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_FOR_PA_URL) return env.NODE_FOR_PA_URL;
  return config.production ? undefined : new URL(SIMULATOR_NODO_PER_PA_PATH, config.publicBaseUrl).toString();
}

/** Quadra's station calling the Node: list an ente's reporting flows, fetch one. */
@Injectable()
export class NodeForPaClient {
  constructor(@Inject(CONFIG) private readonly config: QuadraConfig) {}

  async listFlows(station: NodoStation, identificativoDominio: string): Promise<FlowListEntry[]> {
    const op = 'nodoChiediElencoFlussiRendicontazione';
    const body = await this.post(op, buildNodoChiediElencoFlussiRendicontazione(station, identificativoDominio));
    const answer = readNodoRisposta(body, op);
    if ('fault' in answer) throw unavailable('NODE_FAULT', `${op} for ${identificativoDominio}: the Node answered ${answer.fault.faultCode}: ${answer.fault.description ?? answer.fault.faultString}`, { ...answer.fault });
    return flowsOfElenco(answer.content);
  }

  /** The nodoChiediFlussoRendicontazioneRisposta as received (the FR parser reads the base64 inside). */
  async fetchFlow(station: NodoStation, identificativoDominio: string, identificativoFlusso: string, identificativoPSP?: string): Promise<Buffer> {
    const op = 'nodoChiediFlussoRendicontazione';
    const body = await this.post(op, buildNodoChiediFlussoRendicontazione(station, identificativoDominio, identificativoFlusso, identificativoPSP));
    if (body.length <= FAULT_SNIFF_BYTES) {
      const answer = readNodoRisposta(body, op);
      if ('fault' in answer) throw unavailable('NODE_FAULT', `${op} ${identificativoFlusso}: the Node answered ${answer.fault.faultCode}: ${answer.fault.description ?? answer.fault.faultString}`, { ...answer.fault });
    }
    return body;
  }

  private async post(operation: string, xml: string): Promise<Buffer> {
    const url = nodeForPaUrl(this.config);
    if (!url) throw unavailable('NODE_FOR_PA_URL_MISSING', 'NODE_FOR_PA_URL is not set: in production Quadra does not know where the pagoPA Node is');
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: operation }, body: xml, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw unavailable('NODE_UNREACHABLE', `${operation}: the pagoPA Node at ${url} could not be reached: ${(e as Error).message}`);
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > FR_MAX_ENVELOPE_BYTES) throw unavailable('NODE_ANSWER_TOO_LARGE', `${operation}: the Node's answer is ${body.length} bytes, more than ${FR_MAX_ENVELOPE_BYTES}`);
    if (!res.ok && !body.toString('utf8', 0, 2048).includes('Envelope')) throw unavailable('NODE_HTTP_ERROR', `${operation}: the pagoPA Node at ${url} answered HTTP ${res.status}`);
    return body;
  }
}
