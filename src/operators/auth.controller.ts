import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { CONFIG, type QuadraConfig } from '../config/config';
import { DomainError } from '../kernel/errors';
import { normalisePayerId } from '../kernel/identifiers/payer-id';
import { validateCodiceFiscale } from '../kernel/identifiers/codice-fiscale';
import { validatePartitaIva } from '../kernel/identifiers/partita-iva';
import { CitizenLoginDto, LoginDto } from './dto/operator.dto';
import { OperatorSessions } from './operator-sessions';
import { CITIZEN_COOKIE, clearSessionCookie, OPERATOR_COOKIE, sessionToken, setSessionCookie } from './session-cookie';
import { CITIZEN_IDENTITY_PROVIDER, CITIZEN_LOGIN_MODE, fiscalCodeFromClaim, type CitizenIdentityProvider, type CitizenLoginMode } from './citizen-identity';

const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message, 'unauthorized');

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly sessions: OperatorSessions,
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(CITIZEN_LOGIN_MODE) private readonly citizenMode: CitizenLoginMode,
    @Inject(CITIZEN_IDENTITY_PROVIDER) private readonly idp: CitizenIdentityProvider,
  ) {}

  private get secure() {
    return this.config.publicBaseUrl.startsWith('https:');
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Operator login: a session token (8 h), also set as the HttpOnly cookie quadra_session; 5 failures in 15 min lock the account for the window' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response) {
    const r = await this.sessions.login(dto.codIpa.trim(), dto.username, dto.password);
    setSessionCookie(res, OPERATOR_COOKIE, r.token, r.expiresAt, this.secure);
    return r;
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the operator session: the token stops working and the cookie is cleared' })
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req, OPERATOR_COOKIE);
    if (token) this.sessions.logout(token);
    clearSessionCookie(res, OPERATOR_COOKIE, this.secure);
    return { loggedOut: true };
  }

  @Get('sessione')
  @ApiOperation({ summary: 'Who the operator session belongs to (401 when there is none or it expired)' })
  async session(@Req() req: Request) {
    const token = sessionToken(req, OPERATOR_COOKIE);
    const principal = token ? await this.sessions.verify(token) : undefined;
    if (!principal || principal.kind !== 'operator') throw unauthorized('no valid operator session: log in again');
    const claims = this.sessions.claims(token!)!;
    return { operator: { codIpa: principal.codIpa, username: principal.username, roles: principal.roles }, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  @Get('cittadino/config')
  @ApiOperation({ summary: "How citizens log in here: 'simulated' (embedded mode: the codice fiscale is asked), 'oidc' (SPID/CIE gateway) or 'disabled'" })
  citizenConfig() {
    return { mode: this.citizenMode.mode };
  }

  @Post('cittadino/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Simulated citizen login (embedded mode only): a 1 h session for the given codice fiscale, as the HttpOnly cookie quadra_cittadino' })
  citizenLogin(@Body() dto: CitizenLoginDto, @Res({ passthrough: true }) res: Response) {
    if (this.citizenMode.mode !== 'simulated') throw new DomainError('CITIZEN_LOGIN_NOT_SIMULATED', 'citizen login by codice fiscale is only simulated in embedded mode; here it goes through the identity gateway', 'forbidden');
    const codiceFiscale = checkPayerId(dto.codiceFiscale);
    const r = this.sessions.issueCitizen(codiceFiscale);
    setSessionCookie(res, CITIZEN_COOKIE, r.token, r.expiresAt, this.secure);
    return { codiceFiscale, expiresAt: r.expiresAt, token: r.token };
  }

  @Get('cittadino/oidc')
  @ApiOperation({ summary: 'Start a SPID/CIE login through the configured OIDC gateway (redirect)' })
  oidcStart(@Res() res: Response) {
    if (this.citizenMode.mode !== 'oidc') throw new DomainError('OIDC_NOT_CONFIGURED', 'no OIDC gateway is configured (QUADRA_OIDC_ISSUER)', 'unavailable');
    const state = randomBytes(16).toString('base64url');
    res.append('Set-Cookie', `quadra_oidc_state=${state}; Path=/api/v1/auth/cittadino; HttpOnly; SameSite=Lax; Max-Age=600${this.secure ? '; Secure' : ''}`);
    res.redirect(302, this.idp.authorizationUrl(state, `${this.config.publicBaseUrl}/api/v1/auth/cittadino/oidc/callback`));
  }

  @Get('cittadino/oidc/callback')
  @ApiOperation({ summary: 'Return from the OIDC gateway: issues the citizen session and goes to "I miei pagamenti"' })
  async oidcCallback(@Query('code') code: string, @Query('state') state: string, @Req() req: Request, @Res() res: Response) {
    if (this.citizenMode.mode !== 'oidc') throw new DomainError('OIDC_NOT_CONFIGURED', 'no OIDC gateway is configured (QUADRA_OIDC_ISSUER)', 'unavailable');
    if (!state || sessionToken(req, 'quadra_oidc_state') !== state) throw unauthorized('the login came back with a state this browser did not start');
    const who = await this.idp.exchangeCode(String(code ?? ''), `${this.config.publicBaseUrl}/api/v1/auth/cittadino/oidc/callback`);
    const r = this.sessions.issueCitizen(checkPayerId(fiscalCodeFromClaim(who.codiceFiscale)));
    setSessionCookie(res, CITIZEN_COOKIE, r.token, r.expiresAt, this.secure);
    res.redirect(302, '/portale/pagamenti');
  }

  @Get('cittadino/sessione')
  @ApiOperation({ summary: 'The codice fiscale of the citizen session (401 when there is none)' })
  citizenSession(@Req() req: Request) {
    const token = sessionToken(req, CITIZEN_COOKIE);
    const claims = token ? this.sessions.claims(token) : undefined;
    if (!claims || claims.kind !== 'citizen') throw unauthorized('no valid citizen session: log in again');
    return { codiceFiscale: claims.codiceFiscale, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  @Post('cittadino/logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the citizen session' })
  citizenLogout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req, CITIZEN_COOKIE);
    if (token) this.sessions.logout(token);
    clearSessionCookie(res, CITIZEN_COOKIE, this.secure);
    return { loggedOut: true };
  }
}

function checkPayerId(value: string): string {
  const id = normalisePayerId(value);
  if (/^\d{11}$/.test(id)) validatePartitaIva(id, 'codiceFiscale');
  else validateCodiceFiscale(id, 'codiceFiscale');
  return id;
}
