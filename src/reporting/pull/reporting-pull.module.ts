import { Module } from '@nestjs/common';
import { ReportingImportService } from '../import/reporting-import.service';
import { NodeForPaClient } from './node-for-pa.client';
import { ReportingPullController } from './reporting-pull.controller';
import { ReportingPullScheduler } from './reporting-pull.scheduler';
import { ReportingPullService } from './reporting-pull.service';

/** Issue 6: FRs pulled from the pagoPA Node, on demand and on a timer. ReportingImportService is stateless, so its own instance is harmless. */
@Module({
  controllers: [ReportingPullController],
  providers: [ReportingImportService, NodeForPaClient, ReportingPullService, ReportingPullScheduler],
})
export class ReportingPullModule {}
