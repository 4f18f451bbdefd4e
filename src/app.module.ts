import { DynamicModule, Module } from '@nestjs/common';
import type { QuadraConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { EntiModule } from './enti/enti.module';
import { HealthModule } from './health/health.module';
import { PositionsModule } from './positions/positions.module';
import { ReadStoreModule } from './read-store/read-store.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';

@Module({})
export class AppModule {
  static forConfig(config: QuadraConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), EventStoreModule, ReadStoreModule, JobsModule, MailModule, EntiModule, PositionsModule, HealthModule],
    };
  }
}
