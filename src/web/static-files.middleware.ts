import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Paths the server answers itself; everything else that is a GET is the web app. */
export const SERVER_PREFIXES = ['/api', '/docs', '/pagopa', '/simulator', '/health'];

export function isServerPath(p: string): boolean {
  return SERVER_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`) || p.startsWith(`${prefix}-`));
}

/** web/dist, found from the compiled file (dist/src/web) or the source (src/web), or QUADRA_WEB_DIR. */
export function findWebDist(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.QUADRA_WEB_DIR) return path.resolve(env.QUADRA_WEB_DIR);
  for (const base of [__dirname, process.cwd()]) {
    let dir = base;
    for (let i = 0; i < 5; i++) {
      const candidate = path.join(dir, 'web', 'dist');
      if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
      dir = path.dirname(dir);
    }
  }
  return undefined;
}

/** What the app needs and nothing more: its own scripts, styles and API; no framing by other sites. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Serves the built web app at "/": files as they are (hashed assets cached for a year, since a new build gives
 * them new names), and index.html for any other page path so the app's own router can answer it.
 */
@Injectable()
export class StaticFilesMiddleware implements NestMiddleware {
  private readonly root = findWebDist();
  private warned = false;

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path)) return next();
    if (!this.root) {
      if (!this.warned) new Logger('web').warn({ msg: 'web/dist not found: run "npm run build:web" to serve the console and the portal' });
      this.warned = true;
      return next();
    }
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(this.root, `.${rel}`);
    if (!file.startsWith(this.root + path.sep) && file !== this.root) return next();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (rel !== '/' && isFile(file)) {
      const hashed = rel.startsWith('/assets/');
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return res.sendFile(file, { dotfiles: 'deny' });
    }
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must fail visibly.
    if (rel.startsWith('/assets/') || path.extname(rel) !== '') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.type('html').sendFile(path.join(this.root, 'index.html'));
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
