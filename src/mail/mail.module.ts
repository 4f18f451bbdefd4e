import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { CLOCK, type Clock } from '../kernel/clock';
import { MAILER, type Mailer } from './mail.port';
import { openMailer } from './open-mailer';

@Global()
@Module({
  providers: [
    {
      provide: MAILER,
      inject: [CONFIG, CLOCK],
      useFactory: (c: QuadraConfig, clock: Clock) => openMailer({ smtpUrl: c.smtpUrl, dataDir: c.dataDir, clock }),
    },
  ],
  exports: [MAILER],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}
  async onApplicationShutdown() {
    await this.mailer.close();
  }
}
