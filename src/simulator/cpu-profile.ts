import * as fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';

/** A V8 CPU profile of this thread between start and stop (bench:node --profile): open it in Chrome DevTools. */
export class CpuProfile {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<CpuProfile> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    return new CpuProfile(session);
  }

  async stop(file: string): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(profile));
  }
}
