/**
 * The key space of the reconciliation read model. Every key starts with the ente, so no document
 * ever mixes two enti. Parts are URI-encoded and joined by "|" so a free-text IUR cannot forge a key.
 *
 *  - payment   ente + IUV + IUR + transfer index: where RT and FR rows meet (most codes live here)
 *  - iud       ente + IUD: the notification, and the payment keys whose RT carries that IUD
 *  - flow      ente + IUF: the FR (current revision) and the treasury movements citing the IUF
 *  - iuv       ente + IUV: who speaks of this IUV (receipts, notifications, FR rows, punctual movements)
 *  - movement  ente + movement id: one line of the giornale di cassa
 */
export type DocKind = 'payment' | 'iud' | 'flow' | 'iuv' | 'movement';
export const DOC_KINDS: readonly DocKind[] = ['payment', 'iud', 'flow', 'iuv', 'movement'];

/** One value per kind (a map, a set), for keeping documents or keys apart by kind without a "kind:key" string each. */
export const perKind = <T>(make: () => T): Record<DocKind, T> => Object.fromEntries(DOC_KINDS.map((k) => [k, make()])) as Record<DocKind, T>;

export interface DocRef {
  readonly kind: DocKind;
  readonly key: string;
}

/** What encodeURIComponent leaves as it is: most codes, IUVs and IURs, which then skip the encoding call. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;
const part = (value: string | number): string => {
  const text = String(value).trim();
  return UNRESERVED.test(text) ? text : encodeURIComponent(text);
};
// The engine builds these keys for every lookup it makes: two parts are joined without the array of a general join.
const join2 = (a: string, b: string): string => `${part(a)}|${part(b)}`;

export const paymentKey = (codIpa: string, iuv: string, iur: string, transferIndex: number): string => `${join2(codIpa, iuv)}|${part(iur)}|${part(transferIndex)}`;
export const iudKey = (codIpa: string, iud: string): string => join2(codIpa, iud);
/** IUFs are compared case-insensitively, as MyPivot does: banks often upper-case the causale that carries them. */
export const iufKey = (codIpa: string, iuf: string): string => join2(codIpa, iuf.toUpperCase());
export const iuvKey = (codIpa: string, iuv: string): string => join2(codIpa, iuv);
export const treasuryKey = (codIpa: string, movementId: string): string => join2(codIpa, movementId);

/** One string per document, for sets and maps: "payment:C_H501|01234...|IUR1|1". */
export const refId = (ref: DocRef): string => `${ref.kind}:${ref.key}`;

export const ref = (kind: DocKind, key: string): DocRef => ({ kind, key });
