import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { API_KEY_VERIFIER } from '../auth/guards';
import { ENTI_COMMAND_HANDLERS } from './commands/enti.commands';
import { EnteDirectory } from './ente.directory';
import { EntiController } from './enti.controller';
import { EnteAdminController } from './ente-admin.controller';

@Global()
@Module({
  imports: [CqrsModule],
  controllers: [EntiController, EnteAdminController],
  providers: [EnteDirectory, { provide: API_KEY_VERIFIER, useExisting: EnteDirectory }, ...ENTI_COMMAND_HANDLERS],
  exports: [EnteDirectory, API_KEY_VERIFIER],
})
export class EntiModule {}
