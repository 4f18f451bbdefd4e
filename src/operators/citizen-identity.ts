import { DomainError } from '../kernel/errors';

/** Settings of an OpenID Connect gateway for SPID/CIE (e.g. a regional IdP proxy), read from the environment. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string[];
  /** The claim that carries the codice fiscale ("fiscal_number" on SPID proxies, often "TINIT-" prefixed). */
  fiscalCodeClaim: string;
}

export type CitizenLoginMode = { mode: 'simulated' } | { mode: 'oidc'; oidc: OidcSettings } | { mode: 'disabled' };

/**
 * How citizens prove who they are. Embedded mode simulates it (a form asks the codice fiscale); production needs
 * a real identity gateway, plugged in as a CitizenIdentityProvider bound to CITIZEN_IDENTITY_PROVIDER.
 */
export interface CitizenIdentityProvider {
  /** Where to send the browser to authenticate; state is checked on the way back. */
  authorizationUrl(state: string, redirectUri: string): string;
  /** The authenticated codice fiscale, from the authorization code the gateway sent back. */
  exchangeCode(code: string, redirectUri: string): Promise<{ codiceFiscale: string; nome?: string }>;
}
export const CITIZEN_IDENTITY_PROVIDER = Symbol('CitizenIdentityProvider');
export const CITIZEN_LOGIN_MODE = Symbol('CitizenLoginMode');

/**
 * QUADRA_CITIZEN_LOGIN=simulated|oidc|disabled; default: simulated except in production, where it is disabled
 * unless an OIDC gateway is configured (QUADRA_OIDC_ISSUER, QUADRA_OIDC_CLIENT_ID...). Simulation in production
 * is refused: it would let anyone read anyone's payments.
 */
export function citizenLoginMode(env: NodeJS.ProcessEnv, production: boolean): CitizenLoginMode {
  const wanted = env.QUADRA_CITIZEN_LOGIN ?? (env.QUADRA_OIDC_ISSUER ? 'oidc' : production ? 'disabled' : 'simulated');
  if (wanted === 'simulated') {
    if (production) throw new Error('QUADRA_CITIZEN_LOGIN=simulated is not allowed in production: configure an OIDC gateway (QUADRA_OIDC_ISSUER)');
    return { mode: 'simulated' };
  }
  if (wanted === 'oidc') {
    const issuer = env.QUADRA_OIDC_ISSUER;
    const clientId = env.QUADRA_OIDC_CLIENT_ID;
    if (!issuer || !clientId) throw new Error('QUADRA_CITIZEN_LOGIN=oidc needs QUADRA_OIDC_ISSUER and QUADRA_OIDC_CLIENT_ID');
    return {
      mode: 'oidc',
      oidc: {
        issuer,
        clientId,
        clientSecret: env.QUADRA_OIDC_CLIENT_SECRET,
        scopes: (env.QUADRA_OIDC_SCOPES ?? 'openid profile').split(/\s+/).filter(Boolean),
        fiscalCodeClaim: env.QUADRA_OIDC_FISCAL_CODE_CLAIM ?? 'fiscal_number',
      },
    };
  }
  if (wanted === 'disabled') return { mode: 'disabled' };
  throw new Error(`QUADRA_CITIZEN_LOGIN must be simulated, oidc or disabled, got "${wanted}"`);
}

/** Bound when no adapter is plugged in: says so instead of pretending to authenticate. */
export const missingIdentityProvider: CitizenIdentityProvider = {
  authorizationUrl() {
    throw new DomainError('OIDC_NOT_AVAILABLE', 'no OIDC identity provider adapter is installed in this Quadra', 'unavailable');
  },
  async exchangeCode() {
    throw new DomainError('OIDC_NOT_AVAILABLE', 'no OIDC identity provider adapter is installed in this Quadra', 'unavailable');
  },
};

/** "TINIT-RSSMRA80A01H501U" (SPID's fiscal_number) → "RSSMRA80A01H501U". */
export const fiscalCodeFromClaim = (value: string): string => value.replace(/^TINIT-/i, '').toUpperCase();
