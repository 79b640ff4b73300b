import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a gzip copy (`x.js.gz`) beside every script and style sheet of the build: the box sends
 * it to browsers that accept gzip (UiFilter), so the shell travels compressed without the server
 * compressing anything per request.
 */
function precompress(): Plugin {
  return {
    name: 'preau-precompress',
    apply: 'build',
    // after the files are written: the chunks' code is final there (Vite rewrites its
    // preload placeholders late in generateBundle, after ordinary plugins have run)
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const file = join(dir, fileName);
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
      }
    },
  };
}

// The Maven build passes --outDir <bundle classes>/ui; a plain `npm run build` writes to ./dist.
export default defineConfig({
  base: '/',
  plugins: [precompress()],
  build: {
    outDir: process.env.PREAU_UI_OUT ?? 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: true,
    // No inline data: URLs: the box sends a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://localhost:8181' },
  },
});
