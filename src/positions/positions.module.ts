import { Module } from '@nestjs/common';
import { IuvAllocator } from './iuv-allocator';
import { PositionsController } from './positions.controller';
import { PositionsService } from './positions.service';

@Module({
  controllers: [PositionsController],
  providers: [PositionsService, IuvAllocator],
  exports: [PositionsService, IuvAllocator],
})
export class PositionsModule {}
