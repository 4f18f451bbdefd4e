import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller';

/** The statistics read model over REST (the projection itself runs with the others, from projections/index.ts). */
@Module({ controllers: [StatisticsController] })
export class StatisticsModule {}
