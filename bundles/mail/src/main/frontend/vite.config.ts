import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Writes a gzip copy beside every script (the box sends it to browsers that accept gzip), as the portal does. */
function precompress(): Plugin {
  return {
    name: 'preau-precompress',
    apply: 'build',
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

// The module's screen is one ES module the shell imports (/modules/cahier/index.js) and whose
// mount(element, context) it calls: a library build, no bare imports (everything comes through
// context). The Maven build sets PREAU_UI_OUT to <bundle classes>/ui; a plain `npm run build` writes ./dist.
export default defineConfig({
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
      formats: ['es'],
      fileName: () => 'index.js',
    },
  },
});
