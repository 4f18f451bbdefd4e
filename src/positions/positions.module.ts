import { Global, Module } from '@nestjs/common';
import { IuvAllocator } from './iuv-allocator';
import { PositionsController } from './positions.controller';
import { PositionsQueryController } from './positions-query.controller';
import { PositionBatchService } from './position-batch.service';
import { PositionsService } from './positions.service';

@Global()
@Module({
  controllers: [PositionsController, PositionsQueryController],
  providers: [PositionsService, PositionBatchService, IuvAllocator],
  exports: [PositionsService, PositionBatchService, IuvAllocator],
})
export class PositionsModule {}
