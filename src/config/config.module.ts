import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, ID_GENERATOR, randomIds, systemClock } from '../kernel/clock';
import { CONFIG, type QuadraConfig } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: QuadraConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: ID_GENERATOR, useValue: randomIds },
      ],
      exports: [CONFIG, CLOCK, ID_GENERATOR],
    };
  }
}
