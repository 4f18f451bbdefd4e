/** The PSPs the simulator plays: real names and BICs, so flows and journals look like the ones enti receive. */
export interface SimulatedPsp {
  idPSP: string;
  bic: string;
  name: string;
  fiscalCode: string;
  idChannel: string;
}

export const PSP_CATALOGUE: readonly SimulatedPsp[] = [
  { idPSP: 'BCITITMM', bic: 'BCITITMM', name: 'Intesa Sanpaolo S.p.A.', fiscalCode: '00799960158', idChannel: '00799960158_01' },
  { idPSP: 'UNCRITMM', bic: 'UNCRITMM', name: 'UniCredit S.p.A.', fiscalCode: '00348170101', idChannel: '00348170101_01' },
  { idPSP: 'PPAYITR1XXX', bic: 'PPAYITR1XXX', name: 'PayPal (Europe) S.a r.l. et Cie', fiscalCode: '97652480153', idChannel: '97652480153_01' },
  { idPSP: 'BPPIITRRXXX', bic: 'BPPIITRRXXX', name: 'Poste Italiane S.p.A.', fiscalCode: '97103880585', idChannel: '97103880585_01' },
];

export function pspById(idPSP: string): SimulatedPsp {
  const psp = PSP_CATALOGUE.find((p) => p.idPSP === idPSP);
  if (!psp) throw new Error(`unknown PSP "${idPSP}": the simulator knows ${PSP_CATALOGUE.map((p) => p.idPSP).join(', ')}`);
  return psp;
}
