import { given as givenFor } from '../../../test/helpers/given-when-then';
import { fold } from '../../kernel/decider';
import type { AnagraficaCommand } from './anagrafica.commands';
import { anagraficaDecider } from './anagrafica.decider';
import { ANAGRAFICA_EVENT_VERSIONS, anagraficaStreamId, type AnagraficaEvent } from './anagrafica.events';
import { anagraficaSnapshot } from './anagrafica.state';

const given = givenFor(anagraficaDecider);
const now = '2024-01-15T09:00:00+01:00';
const scope = { codIpa: 'c_a562', anno: 2024 };
const at = { ...scope, at: now };

type Data<T extends AnagraficaCommand['type']> = Omit<Extract<AnagraficaCommand, { type: T }>['data'], 'codIpa' | 'anno'> & Partial<typeof scope>;
const cmd = <T extends AnagraficaCommand['type']>(type: T, data: Data<T>): AnagraficaCommand =>
  ({ type, data: { ...scope, ...data }, metadata: { now } }) as unknown as AnagraficaCommand;

// Given: the tributi office of the Comune di Bari, its TARI capitolo and an accertamento on it
const tributi = { codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' };
const tariCap = { codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti', codUfficio: 'UFF-TRIB' };
const tariAcc = { codAccertamento: 'ACC-2024-17', descrizione: 'TARI 2024 ruolo ordinario', codCapitolo: 'E.1.01.01.51' };

const ufficioCreated = (over: Partial<typeof tributi> = {}): AnagraficaEvent => ({ type: 'UfficioCreated', data: { ...at, ...tributi, ...over } });
const capitoloCreated = (over: Partial<typeof tariCap & { tipiDovuto: string[] }> = {}): AnagraficaEvent => ({ type: 'CapitoloCreated', data: { ...at, ...tariCap, ...over } });
const accCreated = (over: Partial<typeof tariAcc> = {}): AnagraficaEvent => ({ type: 'AccertamentoContabileCreated', data: { ...at, ...tariAcc, ...over } });
const ragioneria = ufficioCreated({ codUfficio: 'UFF-RAG', denominazione: 'Ragioneria' });

describe('anagrafica uffici / capitoli / accertamenti', () => {
  it('lives in one stream per ente and budget year, with a schema version for every event', () => {
    expect(anagraficaStreamId('c_a562', 2024)).toBe('anagrafica-c_a562-2024');
    expect(Object.keys(ANAGRAFICA_EVENT_VERSIONS)).toHaveLength(9);
  });

  describe('ente and budget year', () => {
    it.each([1999, 2101])('refuses anno %i as out of range (2000..2100)', (anno) => {
      given().when(cmd('CreateUfficio', { ...tributi, anno })).thenThrows('ANNO_OUT_OF_RANGE', { field: 'anno', message: /2000 to 2100/ });
    });

    it('accepts both ends of the range', () => {
      given().when(cmd('CreateUfficio', { ...tributi, anno: 2000 })).then([{ type: 'UfficioCreated', data: { ...at, anno: 2000, ...tributi } }]);
      given().when(cmd('CreateUfficio', { ...tributi, anno: 2100 })).then([{ type: 'UfficioCreated', data: { ...at, anno: 2100, ...tributi } }]);
    });

    it('refuses an anno that is not a whole year', () => {
      given().when(cmd('CreateUfficio', { ...tributi, anno: 2024.5 })).thenThrows('INVALID_ANNO', { field: 'anno' });
    });

    it('refuses an invalid codIpa', () => {
      given().when(cmd('CreateUfficio', { ...tributi, codIpa: 'c-a562' })).thenThrows('INVALID_COD_IPA');
    });

    it('refuses a command for another ente or year than the stream holds', () => {
      given(ufficioCreated()).when(cmd('CreateUfficio', { ...tributi, anno: 2025 })).thenThrows('ANAGRAFICA_SCOPE_MISMATCH', { kind: 'conflict' });
      given(ufficioCreated()).when(cmd('DeactivateUfficio', { codUfficio: 'UFF-TRIB', codIpa: 'c_f205' })).thenThrows('ANAGRAFICA_SCOPE_MISMATCH');
    });
  });

  describe('uffici', () => {
    it('an ufficio can be created, trimming its fields', () => {
      given()
        .when(cmd('CreateUfficio', { codUfficio: ' UFF-TRIB ', denominazione: ' Ufficio Tributi ' }))
        .then([ufficioCreated()]);
    });

    it('creating the same ufficio again changes nothing (a re-imported file)', () => {
      given(ufficioCreated()).when(cmd('CreateUfficio', tributi)).thenNothing();
    });

    it('refuses a duplicate code with other data', () => {
      given(ufficioCreated()).when(cmd('CreateUfficio', { ...tributi, denominazione: 'Tributi e tasse' })).thenThrows('DUPLICATE_CODE', { kind: 'conflict', field: 'codUfficio' });
    });

    it('refuses to create again a code that was deactivated this year', () => {
      given(ufficioCreated(), { type: 'UfficioDeactivated', data: { ...at, codUfficio: 'UFF-TRIB' } })
        .when(cmd('CreateUfficio', tributi))
        .thenThrows('DUPLICATE_CODE', { message: /deactivated/ });
    });

    it.each([
      ['an empty code', { codUfficio: '' }, 'INVALID_CODE', 'codUfficio'],
      ['a code with a space', { codUfficio: 'UFF TRIB' }, 'INVALID_CODE', 'codUfficio'],
      ['a code with "|"', { codUfficio: 'UFF|TRIB' }, 'INVALID_CODE', 'codUfficio'],
      ['a 65-character code', { codUfficio: 'U'.repeat(65) }, 'INVALID_CODE', 'codUfficio'],
      ['a blank denominazione', { denominazione: '  ' }, 'INVALID_DENOMINAZIONE', 'denominazione'],
      ['a 256-character denominazione', { denominazione: 'x'.repeat(256) }, 'INVALID_DENOMINAZIONE', 'denominazione'],
    ])('refuses %s with %s', (_label, over, code, field) => {
      given().when(cmd('CreateUfficio', { ...tributi, ...over })).thenThrows(code, { kind: 'invalid', field });
    });

    it('reports every problem of the command at once', () => {
      const e = given().when(cmd('CreateUfficio', { codUfficio: 'a b', denominazione: '', anno: 1990 })).thenThrows('ANNO_OUT_OF_RANGE');
      expect(e.message).toMatch(/anno.*codUfficio.*denominazione/);
    });

    it('an ufficio can be renamed; the same name again changes nothing', () => {
      given(ufficioCreated())
        .when(cmd('UpdateUfficio', { codUfficio: 'UFF-TRIB', denominazione: 'Settore Tributi' }))
        .then([{ type: 'UfficioUpdated', data: { ...at, codUfficio: 'UFF-TRIB', denominazione: 'Settore Tributi' } }]);
      given(ufficioCreated()).when(cmd('UpdateUfficio', tributi)).thenNothing();
    });

    it('refuses to update an unknown or deactivated ufficio', () => {
      given().when(cmd('UpdateUfficio', tributi)).thenThrows('UFFICIO_UNKNOWN', { kind: 'not_found' });
      given(ufficioCreated(), { type: 'UfficioDeactivated', data: { ...at, codUfficio: 'UFF-TRIB' } })
        .when(cmd('UpdateUfficio', { ...tributi, denominazione: 'Nuovo' }))
        .thenThrows('UFFICIO_INACTIVE', { kind: 'conflict' });
    });

    it('an ufficio without active capitoli can be deactivated, once', () => {
      given(ufficioCreated())
        .when(cmd('DeactivateUfficio', { codUfficio: 'UFF-TRIB' }))
        .then([{ type: 'UfficioDeactivated', data: { ...at, codUfficio: 'UFF-TRIB' } }]);
      given(ufficioCreated(), { type: 'UfficioDeactivated', data: { ...at, codUfficio: 'UFF-TRIB' } }).when(cmd('DeactivateUfficio', { codUfficio: 'UFF-TRIB' })).thenNothing();
    });

    it('refuses to deactivate an ufficio that still has active capitoli, naming them', () => {
      const e = given(ufficioCreated(), capitoloCreated()).when(cmd('DeactivateUfficio', { codUfficio: 'UFF-TRIB' })).thenThrows('UFFICIO_IN_USE', { kind: 'conflict' });
      expect(e.details).toEqual({ capitoli: ['E.1.01.01.51'] });
    });

    it('refuses to deactivate an unknown ufficio', () => {
      given().when(cmd('DeactivateUfficio', { codUfficio: 'UFF-TRIB' })).thenThrows('UFFICIO_UNKNOWN', { kind: 'not_found' });
    });
  });

  describe('capitoli', () => {
    it('a capitolo is created under an active ufficio, optionally restricted to some tipi dovuto', () => {
      given(ufficioCreated()).when(cmd('CreateCapitolo', tariCap)).then([capitoloCreated()]);
      given(ufficioCreated())
        .when(cmd('CreateCapitolo', { ...tariCap, tipiDovuto: ['TARI', 'TARI_SUPPL', 'TARI'] }))
        .then([capitoloCreated({ tipiDovuto: ['TARI', 'TARI_SUPPL'] })]);
    });

    it('refuses a capitolo of an unknown ufficio', () => {
      given().when(cmd('CreateCapitolo', tariCap)).thenThrows('UFFICIO_UNKNOWN', { kind: 'invalid', field: 'codUfficio' });
    });

    it('refuses a capitolo under a deactivated ufficio', () => {
      given(ufficioCreated(), { type: 'UfficioDeactivated', data: { ...at, codUfficio: 'UFF-TRIB' } })
        .when(cmd('CreateCapitolo', tariCap))
        .thenThrows('UFFICIO_INACTIVE', { field: 'codUfficio' });
    });

    it('creating the same capitolo again changes nothing; with other data it is a duplicate code', () => {
      given(ufficioCreated(), capitoloCreated()).when(cmd('CreateCapitolo', tariCap)).thenNothing();
      given(ufficioCreated(), capitoloCreated())
        .when(cmd('CreateCapitolo', { ...tariCap, descrizione: 'TARI' }))
        .thenThrows('DUPLICATE_CODE', { field: 'codCapitolo' });
    });

    it.each([
      [{ tipiDovuto: [] }, 'INVALID_TIPI_DOVUTO'],
      [{ tipiDovuto: ['TA RI'] }, 'INVALID_TIPI_DOVUTO'],
      [{ descrizione: '' }, 'INVALID_DESCRIZIONE'],
      [{ codCapitolo: '.E1' }, 'INVALID_CODE'],
    ])('refuses %j with %s', (over, code) => {
      given(ufficioCreated()).when(cmd('CreateCapitolo', { ...tariCap, ...over })).thenThrows(code);
    });

    it('a capitolo can be moved to another active ufficio and its restriction lifted', () => {
      given(ufficioCreated(), ragioneria, capitoloCreated({ tipiDovuto: ['TARI'] }))
        .when(cmd('UpdateCapitolo', { codCapitolo: tariCap.codCapitolo, codUfficio: 'UFF-RAG', tipiDovuto: null }))
        .then([{ type: 'CapitoloUpdated', data: { ...at, ...tariCap, codUfficio: 'UFF-RAG' } }]);
    });

    it('an update that changes nothing emits nothing', () => {
      given(ufficioCreated(), capitoloCreated({ tipiDovuto: ['TARI'] }))
        .when(cmd('UpdateCapitolo', { codCapitolo: tariCap.codCapitolo, descrizione: tariCap.descrizione, tipiDovuto: ['TARI'] }))
        .thenNothing();
    });

    it('refuses to move a capitolo to an unknown ufficio', () => {
      given(ufficioCreated(), capitoloCreated()).when(cmd('UpdateCapitolo', { codCapitolo: tariCap.codCapitolo, codUfficio: 'UFF-X' })).thenThrows('UFFICIO_UNKNOWN', { kind: 'invalid' });
    });

    it('refuses to update an unknown or deactivated capitolo', () => {
      given(ufficioCreated()).when(cmd('UpdateCapitolo', { codCapitolo: 'E.9', descrizione: 'x' })).thenThrows('CAPITOLO_UNKNOWN', { kind: 'not_found' });
      given(ufficioCreated(), capitoloCreated(), { type: 'CapitoloDeactivated', data: { ...at, codCapitolo: tariCap.codCapitolo } })
        .when(cmd('UpdateCapitolo', { codCapitolo: tariCap.codCapitolo, descrizione: 'x' }))
        .thenThrows('CAPITOLO_INACTIVE');
    });

    it('a capitolo without active accertamenti can be deactivated, once; one with them cannot', () => {
      const deactivated: AnagraficaEvent = { type: 'CapitoloDeactivated', data: { ...at, codCapitolo: tariCap.codCapitolo } };
      given(ufficioCreated(), capitoloCreated()).when(cmd('DeactivateCapitolo', { codCapitolo: tariCap.codCapitolo })).then([deactivated]);
      given(ufficioCreated(), capitoloCreated(), deactivated).when(cmd('DeactivateCapitolo', { codCapitolo: tariCap.codCapitolo })).thenNothing();
      given(ufficioCreated(), capitoloCreated(), accCreated()).when(cmd('DeactivateCapitolo', { codCapitolo: tariCap.codCapitolo })).thenThrows('CAPITOLO_IN_USE');
      given().when(cmd('DeactivateCapitolo', { codCapitolo: tariCap.codCapitolo })).thenThrows('CAPITOLO_UNKNOWN', { kind: 'not_found' });
    });
  });

  describe('accertamenti contabili', () => {
    it('an accertamento is created on an active capitolo', () => {
      given(ufficioCreated(), capitoloCreated()).when(cmd('CreateAccertamentoContabile', tariAcc)).then([accCreated()]);
    });

    it('accepts the ufficio as a cross-check and refuses it when it is not the capitolo’s', () => {
      given(ufficioCreated(), capitoloCreated()).when(cmd('CreateAccertamentoContabile', { ...tariAcc, codUfficio: 'UFF-TRIB' })).then([accCreated()]);
      const e = given(ufficioCreated(), ragioneria, capitoloCreated())
        .when(cmd('CreateAccertamentoContabile', { ...tariAcc, codUfficio: 'UFF-RAG' }))
        .thenThrows('UFFICIO_MISMATCH', { field: 'codUfficio' });
      expect(e.details).toMatchObject({ expected: 'UFF-TRIB', actual: 'UFF-RAG' });
    });

    it('refuses an accertamento on an unknown or deactivated capitolo', () => {
      given(ufficioCreated()).when(cmd('CreateAccertamentoContabile', tariAcc)).thenThrows('CAPITOLO_UNKNOWN', { kind: 'invalid', field: 'codCapitolo' });
      given(ufficioCreated(), capitoloCreated(), { type: 'CapitoloDeactivated', data: { ...at, codCapitolo: tariCap.codCapitolo } })
        .when(cmd('CreateAccertamentoContabile', tariAcc))
        .thenThrows('CAPITOLO_INACTIVE');
    });

    it('the same accertamento again changes nothing; other data under the same code is a duplicate', () => {
      given(ufficioCreated(), capitoloCreated(), accCreated()).when(cmd('CreateAccertamentoContabile', tariAcc)).thenNothing();
      given(ufficioCreated(), capitoloCreated(), accCreated())
        .when(cmd('CreateAccertamentoContabile', { ...tariAcc, descrizione: 'altro' }))
        .thenThrows('DUPLICATE_CODE', { field: 'codAccertamento' });
    });

    it('an accertamento can be described again and moved to another active capitolo', () => {
      const other = capitoloCreated({ codCapitolo: 'E.1.01.01.52', descrizione: 'TARI arretrati' });
      given(ufficioCreated(), capitoloCreated(), other, accCreated())
        .when(cmd('UpdateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento, descrizione: 'TARI arretrati 2024', codCapitolo: 'E.1.01.01.52' }))
        .then([{ type: 'AccertamentoContabileUpdated', data: { ...at, codAccertamento: tariAcc.codAccertamento, descrizione: 'TARI arretrati 2024', codCapitolo: 'E.1.01.01.52' } }]);
      given(ufficioCreated(), capitoloCreated(), accCreated()).when(cmd('UpdateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento, descrizione: tariAcc.descrizione })).thenNothing();
      given(ufficioCreated(), capitoloCreated(), accCreated())
        .when(cmd('UpdateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento, codCapitolo: 'E.9' }))
        .thenThrows('CAPITOLO_UNKNOWN');
    });

    it('an accertamento can be deactivated once; then it cannot be changed', () => {
      const deactivated: AnagraficaEvent = { type: 'AccertamentoContabileDeactivated', data: { ...at, codAccertamento: tariAcc.codAccertamento } };
      given(ufficioCreated(), capitoloCreated(), accCreated()).when(cmd('DeactivateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento })).then([deactivated]);
      given(ufficioCreated(), capitoloCreated(), accCreated(), deactivated).when(cmd('DeactivateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento })).thenNothing();
      given(ufficioCreated(), capitoloCreated(), accCreated(), deactivated)
        .when(cmd('UpdateAccertamentoContabile', { codAccertamento: tariAcc.codAccertamento, descrizione: 'x' }))
        .thenThrows('ACCERTAMENTO_CONTABILE_INACTIVE');
      given().when(cmd('DeactivateAccertamentoContabile', { codAccertamento: 'ACC-X' })).thenThrows('ACCERTAMENTO_CONTABILE_UNKNOWN', { kind: 'not_found' });
      given().when(cmd('UpdateAccertamentoContabile', { codAccertamento: 'ACC-X', descrizione: 'x' })).thenThrows('ACCERTAMENTO_CONTABILE_UNKNOWN');
    });
  });

  it('the snapshot an accertamento checks splits against lists capitoli with their ufficio and state', () => {
    const state = fold(anagraficaDecider, [
      ufficioCreated(),
      capitoloCreated({ tipiDovuto: ['TARI'] }),
      accCreated(),
      capitoloCreated({ codCapitolo: 'E.3.05', descrizione: 'Vecchio', codUfficio: 'UFF-TRIB' }),
      { type: 'CapitoloDeactivated', data: { ...at, codCapitolo: 'E.3.05' } },
    ]);
    expect(anagraficaSnapshot('c_a562', 2024, state)).toEqual({
      codIpa: 'c_a562',
      anno: 2024,
      capitoli: [
        { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', active: true, tipiDovuto: ['TARI'] },
        { codCapitolo: 'E.3.05', codUfficio: 'UFF-TRIB', active: false },
      ],
      accertamenti: [{ codAccertamento: 'ACC-2024-17', codCapitolo: 'E.1.01.01.51', active: true }],
    });
  });
});
