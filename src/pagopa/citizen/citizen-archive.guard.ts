import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { constantTimeEquals } from '../../auth/api-key';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { DomainError } from '../../kernel/errors';
import { OperatorSessions } from '../../operators/operator-sessions';
import { CITIZEN_COOKIE, sessionToken } from '../../operators/session-cookie';

/**
 * The archive of one codice fiscale: the admin token (back office, assistance), or the session of the citizen
 * who owns that codice fiscale. Another citizen's session is refused: nobody reads someone else's payments.
 */
@Injectable()
export class CitizenArchiveGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Optional() private readonly sessions?: OperatorSessions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = sessionToken(req, CITIZEN_COOKIE);
    if (!token) throw new DomainError('UNAUTHORIZED', 'missing Authorization: Bearer <admin token> or a citizen session', 'unauthorized');
    if (constantTimeEquals(token, this.config.adminToken)) return true;
    const claims = this.sessions?.claims(token);
    if (!claims || claims.kind !== 'citizen') throw new DomainError('UNAUTHORIZED', 'the credentials are not valid or have expired: log in again', 'unauthorized');
    const wanted = String(req.params.codiceFiscale ?? '').trim().toUpperCase();
    if (claims.codiceFiscale.toUpperCase() !== wanted) throw new DomainError('FORBIDDEN', 'a citizen session only opens the archive of its own codice fiscale', 'forbidden');
    return true;
  }
}
