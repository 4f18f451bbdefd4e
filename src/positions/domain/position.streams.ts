/**
 * One stream per position, keyed by what the ente knows (codIpa + IUD). codIpa cannot contain '-', so the
 * separator is unambiguous; the IUD is URI-encoded because it may hold '/', spaces and the like.
 */
export const positionStreamId = (codIpa: string, iud: string): string => `position-${codIpa}-${encodeURIComponent(iud)}`;

/**
 * One stream per IUV of an ente: appending its first event with expected revision "no stream" is what makes an
 * IUV unique, since two positions (two streams) cannot check each other.
 */
export const iuvReservationStreamId = (codIpa: string, iuv: string): string => `iuv-${codIpa}-${iuv}`;
