import { Module } from '@nestjs/common';
import { CheckoutService } from './checkout.service';
import { SimulatorController } from './simulator.controller';
import { NodeForPaController } from './node-for-pa.controller';
import { SimulatorEnabledGuard } from './simulator-enabled.guard';

/** The built-in pagoPA Node/PSP simulator (checkout page, echo). The Node side itself is NodeSimulator. */
@Module({
  controllers: [SimulatorController, NodeForPaController],
  providers: [CheckoutService, SimulatorEnabledGuard],
})
export class SimulatorModule {}
