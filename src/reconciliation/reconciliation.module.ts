import { Module } from '@nestjs/common';
import { ReportingController } from '../reporting/reporting.controller';
import { ReportingImportService } from '../reporting/import/reporting-import.service';
import { TreasuryController } from '../treasury/treasury.controller';
import { TreasuryImportService } from '../treasury/import/treasury-import.service';
import { NotificationsController } from '../notifications/notifications.controller';
import { NotificationsService } from '../notifications/import/notifications.service';
import { ReconciliationProcessHost } from './reconciliation.process.provider';
import { ReconciliationController } from './http/reconciliation.controller';
import { AnnotationsService } from './annotations/annotations.service';
import { ExportService } from './export/export.service';
import { ReportingPullModule } from '../reporting/pull/reporting-pull.module';

/** Issue 6: the sources of reconciliation (FR, giornale di cassa, pagati notificati), the process and its views. */
@Module({
  imports: [ReportingPullModule],
  controllers: [ReportingController, TreasuryController, NotificationsController, ReconciliationController],
  providers: [ReportingImportService, TreasuryImportService, NotificationsService, ReconciliationProcessHost, AnnotationsService, ExportService],
  exports: [ReportingImportService, TreasuryImportService, NotificationsService, ReconciliationProcessHost],
})
export class ReconciliationModule {}
