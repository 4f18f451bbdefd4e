import type { EnteProfile } from '../../../enti/domain/ente.events';
import { addressingFault, type StationDirectory } from '../../soap/addressing';
import type { PaStationHeader, QrCode } from '../../soap/common';
import { paFault, type PaFault } from '../../soap/faults';

/**
 * One Quadra may serve enti of several intermediaries (each ente's profile names its idIntermediario and
 * idStazione), so the Node's addressing is checked against every ente registered here, not one broker.
 */
export type AddressingResult = { ok: true; ente: EnteProfile } | { ok: false; fault: PaFault };

/** The directory as seen from one ente: its intermediary and its station. */
export function stationDirectoryOf(ente: EnteProfile): StationDirectory {
  return {
    brokerFiscalCode: ente.idIntermediario,
    stationIds: [ente.idStazione],
    stationsOfEnte: (fiscalCode) => (fiscalCode === ente.cfEnte ? [ente.idStazione] : undefined),
  };
}

/**
 * `ente` is the ente whose cfEnte is header.idPA (undefined when none is registered); `all` every registered
 * ente, used only to tell which of the three ids is wrong when idPA is unknown. Same order as the Node:
 * intermediary, station, ente, then the ente named on the notice.
 */
export function checkAddressing(header: PaStationHeader, ente: EnteProfile | undefined, all: () => readonly EnteProfile[], qrCode?: QrCode): AddressingResult {
  if (ente !== undefined) {
    const fault = addressingFault(header, stationDirectoryOf(ente), qrCode);
    return fault ? { ok: false, fault } : { ok: true, ente };
  }
  const { idPA, idBrokerPA, idStation } = header;
  const ofBroker = all().filter((e) => e.idIntermediario === idBrokerPA);
  if (ofBroker.length === 0) return { ok: false, fault: paFault('PAA_ID_INTERMEDIARIO_ERRATO', `idBrokerPA "${idBrokerPA}" is not an intermediary served by this station`, idPA) };
  if (!ofBroker.some((e) => e.idStazione === idStation)) {
    return { ok: false, fault: paFault('PAA_STAZIONE_INT_ERRATA', `idStation "${idStation}" is not a station of intermediary ${idBrokerPA}`, idPA) };
  }
  return { ok: false, fault: paFault('PAA_ID_DOMINIO_ERRATO', `idPA "${idPA}" is not an ente served by intermediary ${idBrokerPA}`, idPA) };
}
