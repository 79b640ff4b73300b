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
    generateBundle(_options, bundle) {
      for (const [fileName, item] of Object.entries(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const source = item.type === 'chunk' ? item.code : item.source;
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(source, { level: 9 }) });
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
