import { iuvReservationStreamId, positionStreamId } from './position.streams';

describe('stream ids', () => {
  it('one stream per ente and IUD', () => {
    expect(positionStreamId('c_a562', 'TARI-2024-0001')).toBe('position-c_a562-TARI-2024-0001');
  });

  it('encodes IUD characters that would be ambiguous or unsafe', () => {
    expect(positionStreamId('c_a562', 'MENSA/2024 09')).toBe('position-c_a562-MENSA%2F2024%2009');
    expect(positionStreamId('c_a562', 'a/b')).not.toBe(positionStreamId('c_a562', 'a%2Fb'));
  });

  it('the same IUD of two enti gives two streams', () => {
    expect(positionStreamId('c_a562', '1')).not.toBe(positionStreamId('c_f205', '1'));
  });

  it('one reservation stream per ente and IUV', () => {
    expect(iuvReservationStreamId('c_a562', '48000000001234539')).toBe('iuv-c_a562-48000000001234539');
  });
});
