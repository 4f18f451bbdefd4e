import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { simulatorCheckoutPath } from '../carrelli/domain/carrello.events';
import type { CommandContext } from '../kernel/command-context';
import { checkoutPage } from './checkout-page';
import { CheckoutService } from './checkout.service';
import { SimulatorEnabledGuard } from './simulator-enabled.guard';

/** The built-in Node/PSP simulator's pages (embedded mode and tests; in production only with SIMULATOR=on). */
@ApiExcludeController()
@Controller('simulator')
@UseGuards(SimulatorEnabledGuard)
export class SimulatorController {
  constructor(private readonly checkout: CheckoutService) {}

  @Get('checkout/:id')
  async page(@Param('id') id: string, @Res() res: Response) {
    const cart = await this.checkout.load(id);
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .send(checkoutPage({ id, items: cart.created.items, total: cart.created.total, actionBase: simulatorCheckoutPath(id), outcome: cart.outcome?.outcome }));
  }

  @Post('checkout/:id/pay')
  async pay(@Param('id') id: string, @Req() req: Request & { correlationId?: string }, @Res() res: Response) {
    res.redirect(303, await this.checkout.settle(id, 'pay', selfUrl(req), ctxOf(req)));
  }

  @Post('checkout/:id/cancel')
  async cancel(@Param('id') id: string, @Req() req: Request & { correlationId?: string }, @Res() res: Response) {
    res.redirect(303, await this.checkout.settle(id, 'cancel', selfUrl(req), ctxOf(req)));
  }

  /** A bare HTTP round trip on the same server: the bench's baseline. */
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return body ?? '';
  }
}

/** The simulator calls the SOAP endpoint of the very server that served the page. */
const selfUrl = (req: Request): string => `http://127.0.0.1:${req.socket.localPort}`;
const ctxOf = (req: Request & { correlationId?: string }): CommandContext => ({ correlationId: req.correlationId ?? 'none', actor: 'simulator', now: new Date().toISOString() });
