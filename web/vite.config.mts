import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Built into web/dist and served by Nest at "/"; hashed assets under /assets get a year of cache. */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  // The console imports a few pure domain lists from ../src (e.g. the reconciliation codes): the dev server may read them.
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] }, proxy: { '/api': 'http://localhost:3000', '/docs-json': 'http://localhost:3000', '/simulator': 'http://localhost:3000' } },
});
