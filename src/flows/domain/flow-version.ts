/**
 * MyPay tracciato versions of the "import dovuti" flow. Each one adds columns at the end, before `azione`:
 * 1_0 base (19 columns + azione); 1_1 same columns, causaleVersamento up to 1024 characters instead of 140;
 * 1_2 adds bilancio and makes dataScadenzaPagamento optional; 1_3 adds flgGeneraIuv; 1_4 adds the 13
 * multi-beneficiary columns (flgMultibeneficiario and the ente secondario's data).
 */
export const FLOW_VERSIONS = ['1_0', '1_1', '1_2', '1_3', '1_4'] as const;
export type FlowVersion = (typeof FLOW_VERSIONS)[number];

export const isFlowVersion = (value: string): value is FlowVersion => (FLOW_VERSIONS as readonly string[]).includes(value);

const ORDER: Readonly<Record<FlowVersion, number>> = { '1_0': 0, '1_1': 1, '1_2': 2, '1_3': 3, '1_4': 4 };
/** True when `version` has the feature introduced in `since`. */
export const versionAtLeast = (version: FlowVersion, since: FlowVersion): boolean => ORDER[version] >= ORDER[since];
