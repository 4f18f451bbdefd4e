import { addressingFault, type StationDirectory } from '../../../src/pagopa/soap/addressing';
import { BROKER_CF, ENTE_CF, NOTICE_NUMBER, OTHER_ENTE_CF, STATION, station } from '../helpers/samples';

const directory: StationDirectory = {
  brokerFiscalCode: BROKER_CF,
  stationIds: [STATION, `${BROKER_CF}_02`],
  stationsOfEnte: (cf) => ({ [ENTE_CF]: [STATION], [OTHER_ENTE_CF]: [`${BROKER_CF}_02`] })[cf],
};
const qrCode = { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER };

describe('addressingFault: is the request for an ente this intermediary serves, on the right station?', () => {
  it('no fault when broker, station and ente all match', () => {
    expect(addressingFault(station, directory, qrCode)).toBeUndefined();
  });

  it.each([
    [{ ...station, idBrokerPA: '99999999999' }, 'PAA_ID_INTERMEDIARIO_ERRATO', /idBrokerPA "99999999999" is not this intermediary/],
    [{ ...station, idStation: 'unknown_09' }, 'PAA_STAZIONE_INT_ERRATA', /idStation "unknown_09" is not a station/],
    [{ ...station, idPA: '11111111111' }, 'PAA_ID_DOMINIO_ERRATO', /idPA "11111111111" is not an ente served/],
    [{ ...station, idStation: `${BROKER_CF}_02` }, 'PAA_STAZIONE_INT_ERRATA', /ente 80012345678 is not connected through station/],
  ])('%o → %s', (header, code, why) => {
    const fault = addressingFault(header, directory, qrCode);
    expect(fault?.faultCode).toBe(code);
    expect(fault?.description).toMatch(why);
    expect(fault?.id).toBe(header.idPA);
  });

  it('a notice of another ente sent to this idPA is PAA_ID_DOMINIO_ERRATO', () => {
    expect(addressingFault(station, directory, { ...qrCode, fiscalCode: OTHER_ENTE_CF })?.faultCode).toBe('PAA_ID_DOMINIO_ERRATO');
  });
});
