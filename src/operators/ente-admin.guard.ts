import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import { DomainError } from '../kernel/errors';
import { PRINCIPAL, type Principal } from '../auth/principal';

const ENTE_ADMIN_ACTION = 'quadra:ente-admin-action';

/**
 * After EnteAccessGuard: only the admin token or an operator with role "admin" of that ente may go on.
 * An API key is a gestionale, not a person: it gets no say over who logs in nor over the ente's configuration.
 * The refusal names the action (from @EnteAdminOnly) and who was refused, so an operator knows whom to ask.
 */
@Injectable()
export class EnteAdminGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>();
    const p = req[PRINCIPAL];
    if (p?.kind === 'admin' || (p?.kind === 'operator' && p.roles.includes('admin'))) return true;
    const action = this.reflector.getAllAndOverride<string | undefined>(ENTE_ADMIN_ACTION, [context.getHandler(), context.getClass()]) ?? 'managing operator accounts';
    const codIpa = String(req.params?.codIpa ?? '');
    throw new DomainError('FORBIDDEN', `${action} needs the admin token or an operator with role 'admin' of ente ${codIpa}; ${refused(p)}`, 'forbidden');
  }
}

function refused(p: Principal | undefined): string {
  if (p?.kind === 'operator') return `operator "${p.username}" has roles [${p.roles.join(', ')}]`;
  if (p?.kind === 'api-key') return `an API key (${p.keyId}) is for gestionali, not for configuration`;
  return 'the caller is not authenticated';
}

/**
 * An ente configuration route: the ente's own admin operators (from the console) or the platform admin token.
 * `action` says what is refused, e.g. "configuring a tipo dovuto".
 */
export const EnteAdminOnly = (action: string) => applyDecorators(SetMetadata(ENTE_ADMIN_ACTION, action), UseGuards(EnteAccessGuard, EnteAdminGuard));
