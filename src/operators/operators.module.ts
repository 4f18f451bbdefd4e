import { Global, Module } from '@nestjs/common';
import { SESSION_VERIFIER } from '../auth/guards';
import { CONFIG, type QuadraConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { CITIZEN_IDENTITY_PROVIDER, CITIZEN_LOGIN_MODE, citizenLoginMode, missingIdentityProvider } from './citizen-identity';
import { EnteAdminGuard } from './ente-admin.guard';
import { OperatorDirectory } from './operator.directory';
import { OperatorSessions, SESSION_TOKENS } from './operator-sessions';
import { OperatorsController } from './operators.controller';
import { OperatorsService } from './operators.service';
import { DEFAULT_SESSION_TTL_SECONDS, SessionTokens } from './session-tokens';

function sessionTtlSeconds(env: NodeJS.ProcessEnv): number {
  if (!env.QUADRA_SESSION_TTL_HOURS) return DEFAULT_SESSION_TTL_SECONDS;
  const hours = Number(env.QUADRA_SESSION_TTL_HOURS);
  if (!(hours > 0 && hours <= 24 * 30)) throw new Error(`QUADRA_SESSION_TTL_HOURS must be a number of hours between 0 and 720, got "${env.QUADRA_SESSION_TTL_HOURS}"`);
  return Math.round(hours * 3600);
}

/** Operator accounts, console and citizen sessions; provides SESSION_VERIFIER so EnteAccessGuard accepts sessions. */
@Global()
@Module({
  controllers: [OperatorsController, AuthController],
  providers: [
    OperatorDirectory,
    OperatorsService,
    OperatorSessions,
    EnteAdminGuard,
    {
      provide: SESSION_TOKENS,
      inject: [CONFIG],
      useFactory: (c: QuadraConfig) => new SessionTokens(SessionTokens.secretFrom(process.env.QUADRA_SESSION_SECRET, c.adminToken), sessionTtlSeconds(process.env)),
    },
    { provide: SESSION_VERIFIER, useExisting: OperatorSessions },
    { provide: CITIZEN_LOGIN_MODE, inject: [CONFIG], useFactory: (c: QuadraConfig) => citizenLoginMode(process.env, c.production) },
    { provide: CITIZEN_IDENTITY_PROVIDER, useValue: missingIdentityProvider },
  ],
  exports: [SESSION_VERIFIER, OperatorSessions, OperatorDirectory, SESSION_TOKENS, CITIZEN_LOGIN_MODE],
})
export class OperatorsModule {}
