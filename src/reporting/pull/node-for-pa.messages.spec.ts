import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildNodoChiediElencoFlussiRendicontazioneRisposta, buildNodoChiediFlussoRendicontazione, flowsOfElenco, readNodoChiediRequest, readNodoRisposta } from './node-for-pa.messages';

const F = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'reporting', 'wisp-soap-converter');
const station = { identificativoIntermediarioPA: '02438750586', identificativoStazioneIntermediarioPA: '02438750586_01', password: 'password' };

describe('nodoPerPa pull messages', () => {
  it('a request built by the client reads back as the same operation and identifiers', () => {
    expect(readNodoChiediRequest(buildNodoChiediFlussoRendicontazione(station, '02438750586', '2025-03-18UNCRITMM-1', 'UNCRITMM'))).toEqual({
      operation: 'nodoChiediFlussoRendicontazione',
      identificativoDominio: '02438750586',
      identificativoPSP: 'UNCRITMM',
      identificativoFlusso: '2025-03-18UNCRITMM-1',
    });
  });

  it('the list answer round-trips, and an empty list is an empty list', () => {
    const flows = [{ identificativoFlusso: '2025-03-18UNCRITMM-1', dataOraFlusso: '2025-03-18T23:30:00' }];
    const answer = readNodoRisposta(buildNodoChiediElencoFlussiRendicontazioneRisposta(flows), 'nodoChiediElencoFlussiRendicontazione');
    expect('content' in answer && flowsOfElenco(answer.content)).toEqual(flows);
    const empty = readNodoRisposta(buildNodoChiediElencoFlussiRendicontazioneRisposta([]), 'nodoChiediElencoFlussiRendicontazione');
    expect('content' in empty && flowsOfElenco(empty.content)).toEqual([]);
  });

  const d = fs.existsSync(F) ? describe : describe.skip;
  if (!fs.existsSync(F)) console.log('SKIP: nodoPerPa pull messages (real samples): shared/fixtures not found');
  d('real Node answers', () => {
    it('reads the flows of nodoChiediElencoFlussiRendicontazioneRisposta_OK', () => {
      const answer = readNodoRisposta(fs.readFileSync(path.join(F, 'nodoChiediElencoFlussiRendicontazioneRisposta_OK.xml')), 'nodoChiediElencoFlussiRendicontazione');
      if (!('content' in answer)) throw new Error('expected a content');
      expect(flowsOfElenco(answer.content)[0]).toEqual({ identificativoFlusso: '2023-04-01nodo-doc-dev-16818090899', dataOraFlusso: '2023-04-01T00:00:00' });
    });

    it('reads the fault of nodoChiediFlussoRendicontazioneRisposta_KO', () => {
      const answer = readNodoRisposta(fs.readFileSync(path.join(F, 'nodoChiediFlussoRendicontazioneRisposta_KO.xml')), 'nodoChiediFlussoRendicontazione');
      expect(answer).toEqual({ fault: { faultCode: 'PPT_ID_FLUSSO_SCONOSCIUTO', faultString: 'Identificativo flusso sconosciuto.', description: 'Rendicontazione sconosciuta o presente in SFTP' } });
    });
  });
});
