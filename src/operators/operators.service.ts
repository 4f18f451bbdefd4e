import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { notFound } from '../kernel/errors';
import { EnteDirectory } from '../enti/ente.directory';
import { operatorsStreamId } from './domain/operator.events';
import { checkPassword, checkRoles, checkUsername } from './domain/operator.rules';
import type { OperatorsState } from './domain/operator.state';
import { OperatorsAggregate } from './operator.aggregate';
import { OperatorDirectory } from './operator.directory';
import { hashPassword } from './password-hash';

export interface OperatorView {
  username: string;
  roles: string[];
  createdAt: string;
}

@Injectable()
export class OperatorsService {
  constructor(
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
    private readonly directory: OperatorDirectory,
  ) {}

  private async requireEnte(codIpa: string) {
    if (!(await this.enti.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
  }

  async create(codIpa: string, input: { username: string; password: string; roles: string[] }, ctx: CommandContext): Promise<CommandResult<OperatorsState>> {
    await this.requireEnte(codIpa);
    // Checked before hashing so a bad request costs no scrypt; the decider checks again on the normalised values.
    checkUsername(input.username);
    checkRoles(input.roles);
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.commands.execute(OperatorsAggregate, operatorsStreamId(codIpa), { type: 'CreateOperator', data: { codIpa, username: input.username, passwordHash, roles: input.roles, at: ctx.now } }, ctx);
  }

  async remove(codIpa: string, username: string, ctx: CommandContext): Promise<CommandResult<OperatorsState>> {
    await this.requireEnte(codIpa);
    return this.commands.execute(OperatorsAggregate, operatorsStreamId(codIpa), { type: 'RemoveOperator', data: { codIpa, username, at: ctx.now } }, ctx);
  }

  async list(codIpa: string): Promise<OperatorView[]> {
    await this.requireEnte(codIpa);
    const { operators } = await this.directory.all(codIpa);
    return [...operators.values()].map(({ username, roles, createdAt }) => ({ username, roles: [...roles], createdAt })).sort((a, b) => a.username.localeCompare(b.username));
  }
}
