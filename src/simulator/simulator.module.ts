import { Module } from '@nestjs/common';
import { CheckoutService } from './checkout.service';
import { SimulatorController } from './simulator.controller';
import { SimulatorEnabledGuard } from './simulator-enabled.guard';

/** The built-in pagoPA Node/PSP simulator (checkout page, echo). The Node side itself is NodeSimulator. */
@Module({
  controllers: [SimulatorController],
  providers: [CheckoutService, SimulatorEnabledGuard],
})
export class SimulatorModule {}
