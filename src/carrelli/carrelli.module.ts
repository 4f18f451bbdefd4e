import { Module } from '@nestjs/common';
import { CarrelliController, PagatiController } from './carrelli.controller';
import { CarrelliService } from './carrelli.service';
import { PagatiService } from './pagati.service';

/** Iniziato presso ente: carrelli for gestionali and the paid-dovuti query (paaSILChiediPagati). */
@Module({
  controllers: [CarrelliController, PagatiController],
  providers: [CarrelliService, PagatiService],
  exports: [PagatiService],
})
export class CarrelliModule {}
