import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CitizenController } from './citizen.controller';
import { CitizenGuard } from './citizen.guard';
import { PortalCheckoutController } from './portal-checkout.controller';
import { PagopaModule } from '../pagopa/pagopa.module';
import { StaticFilesMiddleware } from './static-files.middleware';

/** The web app (console and portal) at "/", and the public routes only the portal needs. */
@Module({
  imports: [PagopaModule],
  controllers: [CatalogController, CitizenController, PortalCheckoutController],
  providers: [CitizenGuard, StaticFilesMiddleware],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(StaticFilesMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET }, { path: '{*path}', method: RequestMethod.HEAD });
  }
}
