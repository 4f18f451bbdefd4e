import { given as givenFor } from '../../../test/helpers/given-when-then';
import { IUV_RESERVATION_EVENT_VERSIONS, iuvReservationDecider, type IuvReserved, type ReserveIuv } from './iuv-reservation.decider';

const given = givenFor(iuvReservationDecider);
const now = '2024-03-01T10:00:00+01:00';
const reserve = (iud: string): ReserveIuv => ({ type: 'ReserveIuv', data: { codIpa: 'c_a562', iuv: '48000000001234539', iud }, metadata: { now } });
const reserved = (iud: string): IuvReserved => ({ type: 'IuvReserved', data: { codIpa: 'c_a562', iuv: '48000000001234539', iud, at: now } });

describe('IUV reservation', () => {
  it('a free IUV is reserved for a dovuto', () => {
    given().when(reserve('TARI-2024-0001')).then([reserved('TARI-2024-0001')]);
  });

  it('reserving it again for the same dovuto changes nothing (a retried creation)', () => {
    given(reserved('TARI-2024-0001')).when(reserve('TARI-2024-0001')).thenNothing();
  });

  it('an IUV already used by another dovuto is refused', () => {
    const error = given(reserved('TARI-2024-0001')).when(reserve('TARI-2024-0002')).thenThrows('IUV_ALREADY_USED', { kind: 'conflict', field: 'iuv' });
    expect(error.message).toContain('TARI-2024-0001');
  });

  it('has a schema version', () => {
    expect(IUV_RESERVATION_EVENT_VERSIONS.IuvReserved).toBe(1);
  });
});
