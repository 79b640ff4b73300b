import { defineConfig } from 'vite';
import { precompress } from './vite-shared.js';

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
