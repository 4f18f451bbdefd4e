import type { PaStationHeader, QrCode } from './common';
import { paFault, type PaFault } from './faults';

/**
 * Who this Quadra answers for, as registered on pagoPA: one intermediary (the broker), its stations, and for
 * each ente it serves the stations the ente is connected through.
 */
export interface StationDirectory {
  brokerFiscalCode: string;
  stationIds: readonly string[];
  /** The stations an ente (by fiscal code) is connected through here; undefined when it is not served here. */
  stationsOfEnte(fiscalCode: string): readonly string[] | undefined;
}

/**
 * The "configurazione chiamante" checks pagoPA expects from the ente's side, in the Node's order:
 * intermediary, station, ente, then the ente named on the notice. Undefined when the request is for us.
 */
export function addressingFault(header: PaStationHeader, directory: StationDirectory, qrCode?: QrCode): PaFault | undefined {
  const { idPA, idBrokerPA, idStation } = header;
  if (idBrokerPA !== directory.brokerFiscalCode) {
    return paFault('PAA_ID_INTERMEDIARIO_ERRATO', `idBrokerPA "${idBrokerPA}" is not this intermediary (${directory.brokerFiscalCode})`, idPA);
  }
  if (!directory.stationIds.includes(idStation)) {
    return paFault('PAA_STAZIONE_INT_ERRATA', `idStation "${idStation}" is not a station of intermediary ${idBrokerPA}`, idPA);
  }
  const stations = directory.stationsOfEnte(idPA);
  if (stations === undefined) {
    return paFault('PAA_ID_DOMINIO_ERRATO', `idPA "${idPA}" is not an ente served by intermediary ${idBrokerPA}`, idPA);
  }
  if (!stations.includes(idStation)) {
    return paFault('PAA_STAZIONE_INT_ERRATA', `ente ${idPA} is not connected through station "${idStation}" (its stations: ${stations.join(', ') || 'none'})`, idPA);
  }
  if (qrCode !== undefined && qrCode.fiscalCode !== idPA) {
    return paFault('PAA_ID_DOMINIO_ERRATO', `the notice belongs to ente ${qrCode.fiscalCode} (qrCode.fiscalCode) but the request is addressed to idPA ${idPA}`, idPA);
  }
  return undefined;
}
