import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { CONFIG, type QuadraConfig } from '../config/config';
import { DomainError } from '../kernel/errors';
import { constantTimeEquals, parseApiKey } from './api-key';
import { PRINCIPAL, type Principal } from './principal';

/** Implemented by the enti feature: is this key an active key of that ente? */
export interface ApiKeyVerifier {
  verify(codIpa: string, keyId: string, secret: string): Promise<boolean>;
}
export const API_KEY_VERIFIER = Symbol('ApiKeyVerifier');

/** Implemented by the operators feature (console sessions). */
export interface SessionVerifier {
  verify(token: string): Promise<Principal | undefined>;
}
export const SESSION_VERIFIER = Symbol('SessionVerifier');

type Req = Request & { [PRINCIPAL]?: Principal };

const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message, 'unauthorized');
const forbidden = (message: string) => new DomainError('FORBIDDEN', message, 'forbidden');

function bearer(req: Request): string | undefined {
  const h = req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: QuadraConfig) {}
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Req>();
    const token = bearer(req);
    if (!token) throw unauthorized('missing Authorization: Bearer <admin token>');
    if (!constantTimeEquals(token, this.config.adminToken)) throw forbidden('this operation needs the admin token');
    req[PRINCIPAL] = { kind: 'admin' };
    return true;
  }
}

/**
 * Ente-scoped routes: the admin token, an API key of the ente named in the path, or an operator session of it.
 * A key of ente A on a route of ente B is refused with 403 and learns nothing about B.
 */
@Injectable()
export class EnteAccessGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier,
    @Optional() @Inject(SESSION_VERIFIER) private readonly sessions?: SessionVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Req>();
    const codIpa = String(req.params.codIpa ?? '');
    const token = bearer(req) ?? req.header('x-quadra-session') ?? readCookie(req, 'quadra_session');
    if (!token) throw unauthorized('missing Authorization: Bearer <API key of the ente>');
    if (constantTimeEquals(token, this.config.adminToken)) {
      req[PRINCIPAL] = { kind: 'admin' };
      return true;
    }
    const parsed = parseApiKey(token);
    if (parsed) {
      if (!(await this.keys.verify(codIpa, parsed.keyId, parsed.secret))) throw forbidden(`this key is not valid for ente ${codIpa}`);
      req[PRINCIPAL] = { kind: 'api-key', codIpa, keyId: parsed.keyId };
      return true;
    }
    const session = this.sessions ? await this.sessions.verify(token) : undefined;
    if (!session) throw unauthorized('the credentials are not valid or have expired');
    if (session.kind !== 'operator' || session.codIpa !== codIpa) throw forbidden(`this session is not valid for ente ${codIpa}`);
    req[PRINCIPAL] = session;
    return true;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  const raw = req.header('cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
