import type { Response } from 'express';

/** Every command response carries the stream revision (ETag, for If-Match) and the global position (read-your-writes). */
export function writeCommandHeaders(res: Response, r: { revision: bigint; position: bigint }) {
  res.setHeader('ETag', `"${r.revision}"`);
  res.setHeader('X-Quadra-Position', r.position.toString());
}

export const commandMeta = (r: { revision: bigint; position: bigint }) => ({ revision: r.revision.toString(), position: r.position.toString() });
