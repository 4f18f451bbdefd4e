import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../kernel/errors';
import { OperatorSessions } from '../operators/operator-sessions';
import { CITIZEN_COOKIE, sessionToken } from '../operators/session-cookie';

export const CITIZEN = 'quadraCitizen';
export type CitizenRequest = Request & { [CITIZEN]?: { codiceFiscale: string } };

/** A citizen session (simulated login in embedded mode, OIDC in production) names the one payer it may read. */
@Injectable()
export class CitizenGuard implements CanActivate {
  constructor(private readonly sessions: OperatorSessions) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<CitizenRequest>();
    const token = sessionToken(req, CITIZEN_COOKIE);
    const claims = token ? this.sessions.claims(token) : undefined;
    if (!claims || claims.kind !== 'citizen') throw new DomainError('UNAUTHORIZED', 'a citizen session is needed: log in on the portal', 'unauthorized');
    req[CITIZEN] = { codiceFiscale: claims.codiceFiscale };
    return true;
  }
}
