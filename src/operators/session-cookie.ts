import type { Request, Response } from 'express';

export const OPERATOR_COOKIE = 'quadra_session';
export const CITIZEN_COOKIE = 'quadra_cittadino';

/** HttpOnly (scripts cannot steal it), SameSite=Strict (other sites cannot ride it), Secure behind https. */
export function setSessionCookie(res: Response, name: string, token: string, expiresAt: string, secure: boolean): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  res.append('Set-Cookie', `${name}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(res: Response, name: string, secure: boolean): void {
  res.append('Set-Cookie', `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`);
}

/** The token of a request: Authorization: Bearer, the x-quadra-session header, or the cookie. */
export function sessionToken(req: Request, cookie: string): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
  if (m) return m[1];
  const header = req.header('x-quadra-session');
  if (header) return header;
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookie) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
