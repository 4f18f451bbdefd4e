import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { Response } from 'express';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../kernel/command-context';
import { DomainError, notFound } from '../kernel/errors';
import { Ctx } from '../http/request-context.decorator';
import { iuvReservationStreamId } from '../positions/domain/position.streams';
import { CarrelliService } from '../carrelli/carrelli.service';

export class PortalCheckoutDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,35}$/, { message: 'codIpa must be an IPA code, e.g. c_h501' })
  codIpa!: string;

  @IsString()
  @Matches(/^3\d{17}$/, { message: 'numeroAvviso must be the 18 digits of the avviso, starting with 3' })
  numeroAvviso!: string;
}

/**
 * "Paga ora" on the portal: like pagoPA's own checkout, anyone holding a numero avviso may pay it, so this is
 * public and keyed by numero avviso (never by IUD). It puts that one dovuto in a carrello and answers the checkout
 * URL: the built-in simulator's page in embedded mode, CHECKOUT_BASE_URL in production.
 */
@ApiTags('portale')
@Controller('api/v1/portale')
export class PortalCheckoutController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: QuadraConfig,
    private readonly modules: ModuleRef,
  ) {}

  @Post('checkout')
  @HttpCode(201)
  @ApiOperation({ summary: 'Pay an avviso from the portal: {codIpa, numeroAvviso} → the checkout URL to send the citizen to (public)' })
  async checkout(@Body() dto: PortalCheckoutDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const iuv = dto.numeroAvviso.slice(1);
    const [reserved] = await this.store.readStream(iuvReservationStreamId(dto.codIpa, iuv), { maxCount: 1 });
    const iud = (reserved?.data as { iud?: string } | undefined)?.iud;
    if (!iud) throw notFound('AVVISO_NOT_FOUND', `ente ${dto.codIpa} has no avviso ${dto.numeroAvviso}`);
    // CarrelliModule does not export its service; it is looked up rather than duplicated.
    const carrelli = this.modules.get(CarrelliService, { strict: false });
    if (!carrelli) throw new DomainError('CHECKOUT_NOT_AVAILABLE', 'payments through a carrello are not available on this server', 'unavailable');
    const r = await carrelli.create(dto.codIpa, { dovuti: [{ iud }], returnUrl: `${this.config.publicBaseUrl.replace(/\/$/, '')}/portale/esito` }, { ...ctx, actor: 'portale' });
    const c = r.state.created!;
    res.setHeader('Location', c.checkoutUrl);
    return { idCarrello: c.id, checkoutUrl: c.checkoutUrl };
  }
}
