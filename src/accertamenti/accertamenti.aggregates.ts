import type { AggregateType } from '../kernel/command-service';
import type { AccertamentoCommand } from './domain/accertamento.commands';
import { accertamentoDecider } from './domain/accertamento.decider';
import { ACCERTAMENTO_EVENT_VERSIONS, type AccertamentoEvent } from './domain/accertamento.events';
import type { AccertamentoState } from './domain/accertamento.state';
import type { AnagraficaCommand } from './domain/anagrafica.commands';
import { anagraficaDecider } from './domain/anagrafica.decider';
import { ANAGRAFICA_EVENT_VERSIONS, type AnagraficaEvent } from './domain/anagrafica.events';
import type { AnagraficaState } from './domain/anagrafica.state';

export const AnagraficaAggregate: AggregateType<AnagraficaCommand, AnagraficaEvent, AnagraficaState> = {
  decider: anagraficaDecider,
  eventVersions: ANAGRAFICA_EVENT_VERSIONS,
};

export const AccertamentoAggregate: AggregateType<AccertamentoCommand, AccertamentoEvent, AccertamentoState> = {
  decider: accertamentoDecider,
  eventVersions: ACCERTAMENTO_EVENT_VERSIONS,
};
