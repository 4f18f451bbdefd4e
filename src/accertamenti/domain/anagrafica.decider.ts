import type { Decider } from '../../kernel/decider';
import { codIpa as checkCodIpa } from '../../enti/domain/ente.rules';
import type {
  AnagraficaCommand,
  AnagraficaScope,
  CreateAccertamentoContabile,
  CreateCapitolo,
  CreateUfficio,
  DeactivateAccertamentoContabile,
  DeactivateCapitolo,
  DeactivateUfficio,
  UpdateAccertamentoContabile,
  UpdateCapitolo,
  UpdateUfficio,
} from './anagrafica.commands';
import { anagraficaErrors as errors } from './anagrafica.errors';
import type { AnagraficaEvent, CapitoloFields } from './anagrafica.events';
import { checkAnno, checkCode, checkText, checkTipiDovuto } from './anagrafica.rules';
import { evolveAnagrafica, initialAnagraficaState, type AnagraficaState, type CapitoloRecord, type UfficioRecord } from './anagrafica.state';
import { FieldProblems } from './field-problems';

type Scope = { codIpa: string; anno: number; at: string };

/** Checks the ente and year of the command (and that they are this stream's) together with the command's own fields. */
function validated<T>(cmd: { data: AnagraficaScope; metadata: { now: string } }, s: AnagraficaState, fields: (p: FieldProblems) => T): { scope: Scope; fields: T } {
  const codIpa = checkCodIpa(cmd.data.codIpa);
  const p = new FieldProblems();
  const anno = checkAnno(p, cmd.data.anno);
  const values = fields(p);
  p.throwIfAny();
  if (s.scope && (s.scope.codIpa !== codIpa || s.scope.anno !== anno)) throw errors.scopeMismatch(s.scope, codIpa, anno);
  return { scope: { codIpa, anno, at: cmd.metadata.now }, fields: values };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((x, i) => x === b[i]);

/** A capitolo may only be attached to an ufficio that exists and is active in the same year. */
function activeUfficio(s: AnagraficaState, scope: Scope, codUfficio: string): UfficioRecord {
  const ufficio = s.uffici.get(codUfficio);
  if (!ufficio) throw errors.ufficioUnknown(codUfficio, scope.codIpa, scope.anno, false);
  if (!ufficio.active) throw errors.ufficioInactive(codUfficio);
  return ufficio;
}

function activeCapitolo(s: AnagraficaState, scope: Scope, codCapitolo: string): CapitoloRecord {
  const capitolo = s.capitoli.get(codCapitolo);
  if (!capitolo) throw errors.capitoloUnknown(codCapitolo, scope.codIpa, scope.anno, false);
  if (!capitolo.active) throw errors.capitoloInactive(codCapitolo);
  return capitolo;
}

function createUfficio(cmd: CreateUfficio, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) => ({
    codUfficio: checkCode(p, cmd.data.codUfficio, 'codUfficio'),
    denominazione: checkText(p, cmd.data.denominazione, 'denominazione', 'INVALID_DENOMINAZIONE'),
  }));
  const existing = s.uffici.get(fields.codUfficio);
  if (existing) {
    // Importing the same file twice is a repeat, not a clash.
    if (existing.active && existing.denominazione === fields.denominazione) return [];
    throw errors.duplicateCode('ufficio', 'codUfficio', fields.codUfficio, scope.codIpa, scope.anno, !existing.active);
  }
  return [{ type: 'UfficioCreated', data: { ...scope, ...fields } }];
}

function updateUfficio(cmd: UpdateUfficio, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) => ({
    codUfficio: checkCode(p, cmd.data.codUfficio, 'codUfficio'),
    denominazione: checkText(p, cmd.data.denominazione, 'denominazione', 'INVALID_DENOMINAZIONE'),
  }));
  const existing = s.uffici.get(fields.codUfficio);
  if (!existing) throw errors.ufficioUnknown(fields.codUfficio, scope.codIpa, scope.anno, true);
  if (!existing.active) throw errors.ufficioInactive(fields.codUfficio);
  if (existing.denominazione === fields.denominazione) return [];
  return [{ type: 'UfficioUpdated', data: { ...scope, ...fields } }];
}

function deactivateUfficio(cmd: DeactivateUfficio, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) => ({ codUfficio: checkCode(p, cmd.data.codUfficio, 'codUfficio') }));
  const existing = s.uffici.get(fields.codUfficio);
  if (!existing) throw errors.ufficioUnknown(fields.codUfficio, scope.codIpa, scope.anno, true);
  if (!existing.active) return [];
  const capitoli = [...s.capitoli.values()].filter((c) => c.active && c.codUfficio === fields.codUfficio).map((c) => c.codCapitolo);
  // An active capitolo under a deactivated ufficio could still take payments: refuse rather than cascade silently.
  if (capitoli.length > 0) throw errors.ufficioInUse(fields.codUfficio, capitoli);
  return [{ type: 'UfficioDeactivated', data: { ...scope, codUfficio: fields.codUfficio } }];
}

const sameCapitolo = (a: CapitoloFields, b: CapitoloFields) =>
  a.descrizione === b.descrizione && a.codUfficio === b.codUfficio && sameList(a.tipiDovuto, b.tipiDovuto);

const capitoloFields = (c: CapitoloFields): CapitoloFields => ({
  codCapitolo: c.codCapitolo,
  descrizione: c.descrizione,
  codUfficio: c.codUfficio,
  ...(c.tipiDovuto && { tipiDovuto: c.tipiDovuto }),
});

function createCapitolo(cmd: CreateCapitolo, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) =>
    capitoloFields({
      codCapitolo: checkCode(p, cmd.data.codCapitolo, 'codCapitolo'),
      descrizione: checkText(p, cmd.data.descrizione, 'descrizione', 'INVALID_DESCRIZIONE'),
      codUfficio: checkCode(p, cmd.data.codUfficio, 'codUfficio'),
      tipiDovuto: checkTipiDovuto(p, cmd.data.tipiDovuto),
    }),
  );
  const existing = s.capitoli.get(fields.codCapitolo);
  if (existing) {
    if (existing.active && sameCapitolo(existing, fields)) return [];
    throw errors.duplicateCode('capitolo', 'codCapitolo', fields.codCapitolo, scope.codIpa, scope.anno, !existing.active);
  }
  activeUfficio(s, scope, fields.codUfficio);
  return [{ type: 'CapitoloCreated', data: { ...scope, ...fields } }];
}

function updateCapitolo(cmd: UpdateCapitolo, s: AnagraficaState): AnagraficaEvent[] {
  const d = cmd.data;
  const { scope, fields } = validated(cmd, s, (p) => ({
    codCapitolo: checkCode(p, d.codCapitolo, 'codCapitolo'),
    descrizione: d.descrizione === undefined ? undefined : checkText(p, d.descrizione, 'descrizione', 'INVALID_DESCRIZIONE'),
    codUfficio: d.codUfficio === undefined ? undefined : checkCode(p, d.codUfficio, 'codUfficio'),
    tipiDovuto: d.tipiDovuto === undefined ? undefined : d.tipiDovuto === null ? null : checkTipiDovuto(p, d.tipiDovuto),
  }));
  const existing = s.capitoli.get(fields.codCapitolo);
  if (!existing) throw errors.capitoloUnknown(fields.codCapitolo, scope.codIpa, scope.anno, true);
  if (!existing.active) throw errors.capitoloInactive(fields.codCapitolo);
  const next = capitoloFields({
    codCapitolo: existing.codCapitolo,
    descrizione: fields.descrizione ?? existing.descrizione,
    codUfficio: fields.codUfficio ?? existing.codUfficio,
    tipiDovuto: fields.tipiDovuto === null ? undefined : (fields.tipiDovuto ?? existing.tipiDovuto),
  });
  if (sameCapitolo(existing, next)) return [];
  if (next.codUfficio !== existing.codUfficio) activeUfficio(s, scope, next.codUfficio);
  return [{ type: 'CapitoloUpdated', data: { ...scope, ...next } }];
}

function deactivateCapitolo(cmd: DeactivateCapitolo, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) => ({ codCapitolo: checkCode(p, cmd.data.codCapitolo, 'codCapitolo') }));
  const existing = s.capitoli.get(fields.codCapitolo);
  if (!existing) throw errors.capitoloUnknown(fields.codCapitolo, scope.codIpa, scope.anno, true);
  if (!existing.active) return [];
  const accertamenti = [...s.accertamenti.values()].filter((a) => a.active && a.codCapitolo === fields.codCapitolo).map((a) => a.codAccertamento);
  if (accertamenti.length > 0) throw errors.capitoloInUse(fields.codCapitolo, accertamenti);
  return [{ type: 'CapitoloDeactivated', data: { ...scope, codCapitolo: fields.codCapitolo } }];
}

function createAccertamento(cmd: CreateAccertamentoContabile, s: AnagraficaState): AnagraficaEvent[] {
  const d = cmd.data;
  const { scope, fields } = validated(cmd, s, (p) => ({
    codAccertamento: checkCode(p, d.codAccertamento, 'codAccertamento'),
    descrizione: checkText(p, d.descrizione, 'descrizione', 'INVALID_DESCRIZIONE'),
    codCapitolo: checkCode(p, d.codCapitolo, 'codCapitolo'),
    codUfficio: d.codUfficio === undefined || (typeof d.codUfficio === 'string' && d.codUfficio.trim() === '') ? undefined : checkCode(p, d.codUfficio, 'codUfficio'),
  }));
  const { codUfficio, ...record } = fields;
  const existing = s.accertamenti.get(record.codAccertamento);
  if (existing) {
    if (existing.active && existing.descrizione === record.descrizione && existing.codCapitolo === record.codCapitolo) return [];
    throw errors.duplicateCode('accertamento', 'codAccertamento', record.codAccertamento, scope.codIpa, scope.anno, !existing.active);
  }
  const capitolo = activeCapitolo(s, scope, record.codCapitolo);
  if (codUfficio !== undefined && codUfficio !== capitolo.codUfficio) throw errors.ufficioMismatch(capitolo.codCapitolo, codUfficio, capitolo.codUfficio);
  return [{ type: 'AccertamentoContabileCreated', data: { ...scope, ...record } }];
}

function updateAccertamento(cmd: UpdateAccertamentoContabile, s: AnagraficaState): AnagraficaEvent[] {
  const d = cmd.data;
  const { scope, fields } = validated(cmd, s, (p) => ({
    codAccertamento: checkCode(p, d.codAccertamento, 'codAccertamento'),
    descrizione: d.descrizione === undefined ? undefined : checkText(p, d.descrizione, 'descrizione', 'INVALID_DESCRIZIONE'),
    codCapitolo: d.codCapitolo === undefined ? undefined : checkCode(p, d.codCapitolo, 'codCapitolo'),
  }));
  const existing = s.accertamenti.get(fields.codAccertamento);
  if (!existing) throw errors.accertamentoUnknown(fields.codAccertamento, scope.codIpa, scope.anno);
  if (!existing.active) throw errors.accertamentoInactive(fields.codAccertamento);
  const next = {
    codAccertamento: existing.codAccertamento,
    descrizione: fields.descrizione ?? existing.descrizione,
    codCapitolo: fields.codCapitolo ?? existing.codCapitolo,
  };
  if (next.descrizione === existing.descrizione && next.codCapitolo === existing.codCapitolo) return [];
  if (next.codCapitolo !== existing.codCapitolo) activeCapitolo(s, scope, next.codCapitolo);
  return [{ type: 'AccertamentoContabileUpdated', data: { ...scope, ...next } }];
}

function deactivateAccertamento(cmd: DeactivateAccertamentoContabile, s: AnagraficaState): AnagraficaEvent[] {
  const { scope, fields } = validated(cmd, s, (p) => ({ codAccertamento: checkCode(p, cmd.data.codAccertamento, 'codAccertamento') }));
  const existing = s.accertamenti.get(fields.codAccertamento);
  if (!existing) throw errors.accertamentoUnknown(fields.codAccertamento, scope.codIpa, scope.anno);
  if (!existing.active) return [];
  return [{ type: 'AccertamentoContabileDeactivated', data: { ...scope, codAccertamento: fields.codAccertamento } }];
}

export function decideAnagrafica(command: AnagraficaCommand, state: AnagraficaState): AnagraficaEvent[] {
  switch (command.type) {
    case 'CreateUfficio':
      return createUfficio(command, state);
    case 'UpdateUfficio':
      return updateUfficio(command, state);
    case 'DeactivateUfficio':
      return deactivateUfficio(command, state);
    case 'CreateCapitolo':
      return createCapitolo(command, state);
    case 'UpdateCapitolo':
      return updateCapitolo(command, state);
    case 'DeactivateCapitolo':
      return deactivateCapitolo(command, state);
    case 'CreateAccertamentoContabile':
      return createAccertamento(command, state);
    case 'UpdateAccertamentoContabile':
      return updateAccertamento(command, state);
    case 'DeactivateAccertamentoContabile':
      return deactivateAccertamento(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown anagrafica command ${JSON.stringify(unknown)}`);
    }
  }
}

export const anagraficaDecider: Decider<AnagraficaCommand, AnagraficaEvent, AnagraficaState> = {
  initialState: initialAnagraficaState,
  evolve: evolveAnagrafica,
  decide: decideAnagrafica,
};
