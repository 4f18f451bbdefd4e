/**
 * BullMQ refuses some custom job ids: ones containing ':' (it is the Redis key separator; only the
 * 3-part form of its legacy repeatable jobs passes) and ones that read as integers ("42"), which would
 * clash with its own generated ids. Quadra ids are derived from event ids and may hold both, e.g.
 * "mail:<eventId>". The mapping below is reversible and leaves every other id unchanged:
 *   "%" -> "%25", ":" -> "%3A", and an id that would still read as an integer gets the prefix "%N".
 * "%N" cannot come out of the escaping (which only writes "%25" and "%3A"), so decoding is unambiguous.
 */
const INTEGER_MARK = '%N';

const readsAsInteger = (id: string): boolean => `${parseInt(id, 10)}` === id;

export function toBullJobId(jobId: string): string {
  const escaped = jobId.replace(/%/g, '%25').replace(/:/g, '%3A');
  return readsAsInteger(escaped) ? INTEGER_MARK + escaped : escaped;
}

export function fromBullJobId(bullId: string): string {
  const body = bullId.startsWith(INTEGER_MARK) ? bullId.slice(INTEGER_MARK.length) : bullId;
  return body.replace(/%(25|3A)/g, (_, code: string) => (code === '25' ? '%' : ':'));
}
