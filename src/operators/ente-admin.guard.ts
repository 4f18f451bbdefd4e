import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../kernel/errors';
import { PRINCIPAL, type Principal } from '../auth/principal';

/**
 * After EnteAccessGuard: only the admin token or an operator with role "admin" of that ente manage its accounts.
 * An API key is a gestionale, not a person: it gets no say over who logs in.
 */
@Injectable()
export class EnteAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const p = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>()[PRINCIPAL];
    if (p?.kind === 'admin' || (p?.kind === 'operator' && p.roles.includes('admin'))) return true;
    throw new DomainError('FORBIDDEN', "managing operator accounts needs the admin token or an operator with role 'admin' of this ente", 'forbidden');
  }
}
