import type { EnteEvent, TipoDovuto } from '../../src/enti/domain/ente.events';

const AT = '2024-01-10T09:00:00+01:00';

export const registered = (codIpa: string, denominazione: string): EnteEvent => ({
  type: 'EnteRegistered',
  data: { codIpa, cfEnte: '80016350821', denominazione, segregationCode: '48', idStazione: '80016350821_01', idIntermediario: '80016350821', at: AT },
});

export const tipo = (over: Partial<TipoDovuto> & Pick<TipoDovuto, 'codTipo' | 'descrizione'>): TipoDovuto => ({
  iban: 'IT60X0542811101000000123456',
  active: true,
  spontaneous: true,
  datiSpecificiRiscossione: '9/0101100IM/',
  scadenzaObbligatoria: false,
  ...over,
});

export const configured = (codIpa: string, t: TipoDovuto, created = true): EnteEvent => ({ type: 'TipoDovutoConfigured', data: { codIpa, tipoDovuto: t, created, at: AT } });
export const deactivated = (codIpa: string, codTipo: string): EnteEvent => ({ type: 'TipoDovutoDeactivated', data: { codIpa, codTipo, at: AT } });
export const renamed = (codIpa: string, denominazione: string): EnteEvent => ({ type: 'EnteUpdated', data: { codIpa, changes: { denominazione }, at: AT } });
