/**
 * Build settings shared by the portal's front end and the modules' screens: their vite.config.ts import
 * this file by a relative path and Vite bundles it into each config. Nothing is imported from 'vite'
 * here, so that a module's build never needs the portal's node_modules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Writes a gzip copy (`x.js.gz`) beside every script and style sheet of the build: the box sends
 * it to browsers that accept gzip (UiFilter), so the screens travel compressed without the server
 * compressing anything per request.
 */
export function precompress() {
  return {
    name: 'preau-precompress',
    apply: 'build' as const,
    // after the files are written: the chunks' code is final there (Vite rewrites its
    // preload placeholders late in generateBundle, after ordinary plugins have run)
    enforce: 'post' as const,
    writeBundle(options: { dir?: string }, bundle: Record<string, unknown>): void {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const file = join(dir, fileName);
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
      }
    },
  };
}

/**
 * A module's screen: one ES module the shell imports (/modules/<id>/index.js) and whose
 * mount(element, context) it calls: a library build, no bare imports (everything comes through
 * context). The Maven build sets PREAU_UI_OUT to <bundle classes>/ui; a plain `npm run build` writes ./dist.
 */
export function moduleScreen() {
  return {
    plugins: [precompress()],
    build: {
      outDir: process.env.PREAU_UI_OUT ?? 'dist',
      emptyOutDir: true,
      target: 'es2020',
      sourcemap: false,
      minify: true,
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      lib: {
        entry: 'src/index.ts',
        formats: ['es' as const],
        fileName: () => 'index.js',
      },
    },
  };
}
