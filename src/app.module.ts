import { DynamicModule, Module } from '@nestjs/common';
import { CarrelliModule } from './carrelli/carrelli.module';
import { ExportModule } from './exports/export.module';
import type { QuadraConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { EntiModule } from './enti/enti.module';
import { HealthModule } from './health/health.module';
import { PositionsModule } from './positions/positions.module';
import { ReadStoreModule } from './read-store/read-store.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { FlowsModule } from './flows/flows.module';
import { SpontaneousModule } from './spontaneous/spontaneous.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { PagopaModule } from './pagopa/pagopa.module';
import { SimulatorModule } from './simulator/simulator.module';
import { OperatorsModule } from './operators/operators.module';
import { WebModule } from './web/web.module';
import { DemoModule } from './demo/demo.module';
import { AccertamentiModule } from './accertamenti/accertamenti.module';

@Module({})
export class AppModule {
  static forConfig(config: QuadraConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), EventStoreModule, ReadStoreModule, JobsModule, MailModule, EntiModule, PositionsModule, HealthModule, ReconciliationModule, PagopaModule, SimulatorModule, FlowsModule, SpontaneousModule, OperatorsModule, WebModule, CarrelliModule, ExportModule, AccertamentiModule, DemoModule],
    };
  }
}
