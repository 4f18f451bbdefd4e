import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService, type CommandResult } from '../../kernel/command-service';
import { eurosToCents } from '../../kernel/money';
import { invalid } from '../../kernel/errors';
import { issueApiKey } from '../../auth/api-key';
import { EnteAggregate } from '../ente.aggregate';
import { enteStreamId } from '../domain/ente.events';
import type { EnteState } from '../domain/ente.state';
import type { RegisterEnteDto } from '../dto/register-ente.dto';
import type { ConfigureTipoDovutoDto } from '../dto/configure-tipo-dovuto.dto';

type Result = CommandResult<EnteState>;

/** Thin Nest handlers: DTO → domain command, then the one CommandService. */

export class RegisterEnteCommand extends Command<Result> {
  constructor(readonly dto: RegisterEnteDto, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(RegisterEnteCommand)
export class RegisterEnteHandler implements ICommandHandler<RegisterEnteCommand> {
  constructor(private readonly commands: CommandService) {}
  execute({ dto, ctx }: RegisterEnteCommand) {
    return this.commands.execute(EnteAggregate, enteStreamId(dto.codIpa), { type: 'RegisterEnte', data: { ...dto }, metadata: { now: ctx.now } }, ctx);
  }
}

export class ConfigureTipoDovutoCommand extends Command<Result> {
  constructor(readonly codIpa: string, readonly codTipo: string, readonly dto: ConfigureTipoDovutoDto, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(ConfigureTipoDovutoCommand)
export class ConfigureTipoDovutoHandler implements ICommandHandler<ConfigureTipoDovutoCommand> {
  constructor(private readonly commands: CommandService) {}
  execute({ codIpa, codTipo, dto, ctx }: ConfigureTipoDovutoCommand) {
    const datiSpecificiRiscossione = dto.datiSpecificiRiscossione ?? (dto.tassonomia ? `9/${dto.tassonomia}/` : undefined);
    if (!datiSpecificiRiscossione) {
      throw invalid('DATI_SPECIFICI_RISCOSSIONE_REQUIRED', 'datiSpecificiRiscossione', 'give datiSpecificiRiscossione (e.g. 9/0101100IM/) or the tassonomia it is derived from');
    }
    return this.commands.execute(
      EnteAggregate,
      enteStreamId(codIpa),
      {
        type: 'ConfigureTipoDovuto',
        data: {
          codTipo,
          descrizione: dto.descrizione,
          iban: dto.iban,
          ibanPostale: dto.ibanPostale,
          active: dto.active ?? true,
          spontaneous: dto.spontaneous ?? false,
          importoFisso: dto.importoFisso === undefined ? undefined : eurosToCents(dto.importoFisso, 'importoFisso'),
          causaleTemplate: dto.causaleTemplate,
          tassonomia: dto.tassonomia,
          datiSpecificiRiscossione,
          scadenzaObbligatoria: dto.scadenzaObbligatoria ?? false,
          campi: dto.campi,
          bilancioDefault: dto.bilancioDefault,
        },
        metadata: { now: ctx.now },
      },
      ctx,
    );
  }
}

export class IssueApiKeyCommand extends Command<Result & { key: string; keyId: string }> {
  constructor(readonly codIpa: string, readonly label: string, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(private readonly commands: CommandService) {}
  async execute({ codIpa, label, ctx }: IssueApiKeyCommand) {
    const issued = issueApiKey();
    // The secret never enters the log: only its hash does, and the key is shown to the caller once.
    const result = await this.commands.execute(
      EnteAggregate,
      enteStreamId(codIpa),
      { type: 'RegisterApiKey', data: { keyId: issued.keyId, hash: issued.hash, label, createdAt: ctx.now }, metadata: { now: ctx.now } },
      { ...ctx, idempotencyKey: undefined },
    );
    return { ...result, key: issued.key, keyId: issued.keyId };
  }
}

export class RevokeApiKeyCommand extends Command<Result> {
  constructor(readonly codIpa: string, readonly keyId: string, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly commands: CommandService) {}
  execute({ codIpa, keyId, ctx }: RevokeApiKeyCommand) {
    return this.commands.execute(EnteAggregate, enteStreamId(codIpa), { type: 'RevokeApiKey', data: { keyId }, metadata: { now: ctx.now } }, ctx);
  }
}

export const ENTI_COMMAND_HANDLERS = [RegisterEnteHandler, ConfigureTipoDovutoHandler, IssueApiKeyHandler, RevokeApiKeyHandler];
