import { Injectable } from '@nestjs/common';
import { EnteDirectory } from '../enti/ente.directory';
import type { RegisteredEnte } from '../enti/domain/ente.state';
import { invalid, notFound } from '../kernel/errors';

/** The ente of the path must be registered; the anno of the path must look like a year (the deciders check its range). */
@Injectable()
export class EnteScope {
  constructor(private readonly enti: EnteDirectory) {}

  async ente(codIpa: string): Promise<RegisteredEnte> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return ente;
  }
}

export function annoOfPath(value: string): number {
  if (!/^\d{4}$/.test(value)) throw invalid('INVALID_ANNO', 'anno', `anno "${value}" in the path must be a four-digit budget year, e.g. 2024`);
  return Number(value);
}
