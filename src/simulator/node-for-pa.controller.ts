import { Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CONFIG, type QuadraConfig } from '../config/config';
import { rawBodyOf } from '../pagopa/connector/raw-body';
import { parseFlussoRiversamento } from '../reporting/parsers/flusso-riversamento';
import { wrapNodoChiediFlussoRendicontazioneRisposta } from '../reporting/producers/flusso-riversamento';
import {
  buildNodoChiediElencoFlussiRendicontazioneRisposta,
  buildNodoFaultRisposta,
  readNodoChiediRequest,
  type FlowListEntry,
  type NodoChiediRequest,
} from '../reporting/pull/node-for-pa.messages';
import { SimulatorEnabledGuard } from './simulator-enabled.guard';

/**
 * Where the simulated Node keeps the FRs it serves: `quadra simulate --out <dataDir>/simulator/fr` (or
 * NodeSimulator.endOfDay with that outDir) puts the end-of-day files there; a <cfEnte>/ subfolder works too.
 */
export const simulatorFrDir = (dataDir: string): string => path.join(dataDir, 'simulator', 'fr');

interface StoredFlow extends FlowListEntry {
  idPSP: string;
  cfEnte: string;
  file: string;
}

async function xmlFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml')).map((e) => path.join(dir, e.name));
}

/**
 * The FRs for one ente. Files are read on each call (the end of day writes them from another process);
 * anything that is not a flow for this ente (OPI journals, other enti, broken files) is ignored.
 */
async function flowsOf(root: string, cfEnte: string): Promise<StoredFlow[]> {
  const files = [...(await xmlFiles(root)), ...(await xmlFiles(path.join(root, path.basename(cfEnte))))];
  const out: StoredFlow[] = [];
  for (const file of files) {
    try {
      const fr = parseFlussoRiversamento(await fs.readFile(file));
      if (fr.istitutoRicevente.codice !== cfEnte) continue;
      out.push({ identificativoFlusso: fr.identificativoFlusso, dataOraFlusso: fr.dataOraFlusso, idPSP: fr.istitutoMittente.codice, cfEnte, file });
    } catch {
      continue;
    }
  }
  return out.sort((a, b) => (a.identificativoFlusso < b.identificativoFlusso ? -1 : a.identificativoFlusso > b.identificativoFlusso ? 1 : 0));
}

/** The Node's nodoPerPa operations an ente's station uses to pull its reporting flows (embedded mode and tests). */
@ApiExcludeController()
@Controller('simulator/nodo')
@UseGuards(SimulatorEnabledGuard)
export class NodeForPaController {
  constructor(@Inject(CONFIG) private readonly config: QuadraConfig) {}

  @Post('nodoPerPa')
  @HttpCode(200)
  async nodoPerPa(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.type('text/xml; charset=utf-8').send(await this.answer(rawBodyOf(req)));
  }

  private async answer(body: string | Uint8Array): Promise<string> {
    let request: NodoChiediRequest | undefined;
    try {
      request = readNodoChiediRequest(body);
    } catch (e) {
      return buildNodoFaultRisposta('nodoChiediElencoFlussiRendicontazione', { faultCode: 'PPT_SINTASSI_XSD', faultString: 'Errore di sintassi XSD.', description: (e as Error).message });
    }
    if (!request) return buildNodoFaultRisposta('nodoChiediElencoFlussiRendicontazione', { faultCode: 'PPT_SINTASSI_XSD', faultString: 'Operazione sconosciuta.', description: 'the simulator knows nodoChiediElencoFlussiRendicontazione and nodoChiediFlussoRendicontazione' });
    if (!request.identificativoDominio) return buildNodoFaultRisposta(request.operation, { faultCode: 'PPT_DOMINIO_SCONOSCIUTO', faultString: 'Identificativo dominio sconosciuto.', description: 'identificativoDominio is required by the simulator' });
    const flows = (await flowsOf(simulatorFrDir(this.config.dataDir), request.identificativoDominio)).filter((f) => !request.identificativoPSP || f.idPSP === request.identificativoPSP);
    if (request.operation === 'nodoChiediElencoFlussiRendicontazione') return buildNodoChiediElencoFlussiRendicontazioneRisposta(flows);
    // A flow re-sent with a later dataOraFlusso replaces the earlier one, as on the Node.
    const flow = flows.filter((f) => f.identificativoFlusso === request.identificativoFlusso).sort((a, b) => (a.dataOraFlusso < b.dataOraFlusso ? 1 : -1))[0];
    if (!flow) return buildNodoFaultRisposta(request.operation, { faultCode: 'PPT_ID_FLUSSO_SCONOSCIUTO', faultString: 'Identificativo flusso sconosciuto.', description: `no flow ${request.identificativoFlusso} for ${request.identificativoDominio}` });
    return wrapNodoChiediFlussoRendicontazioneRisposta(await fs.readFile(flow.file));
  }
}
