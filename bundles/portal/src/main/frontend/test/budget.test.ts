import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The budget: the shell's JavaScript (what index.html loads before anything else) stays
// under 150 KB gzipped. Checked on the build the Maven run has just made (PREAU_UI_OUT).
const BUDGET = 150 * 1024;

test('the shell JavaScript stays under 150 KB gzipped', (t) => {
  const out = process.env.PREAU_UI_OUT ?? 'dist';
  const index = join(out, 'index.html');
  if (!existsSync(index)) {
    assert.equal(process.env.PREAU_UI_OUT, undefined, `the Maven build left no ${index}`);
    t.skip('no build here: run `npm run build` first');
    return;
  }
  const html = readFileSync(index, 'utf8');
  const loaded = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)]
    .map((m) => (m[1] ?? m[2]).replace(/^\//, ''));
  assert.ok(loaded.length > 0, 'index.html loads the shell');
  let total = 0;
  for (const file of loaded) {
    const size = gzipSync(readFileSync(join(out, file))).length;
    total += size;
  }
  assert.ok(total <= BUDGET, `shell JavaScript ${(total / 1024).toFixed(1)} KB gzipped (${loaded.join(', ')}), budget 150 KB`);
});
