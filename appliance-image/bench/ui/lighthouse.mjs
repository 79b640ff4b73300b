// ./preau bench ui: Lighthouse on pages of a running demo box, with Debian's chromium.
//
// Usage: node lighthouse.mjs BASE_URL COOKIE OUT_DIR
//   BASE_URL  e.g. http://127.0.0.1:18184/
//   COOKIE    "PREAU_SESSION=…" of a signed-in referent (for the pages behind the login)
//   OUT_DIR   where the HTML reports go
// Prints one line per page and form factor:
//   page <name> <formFactor> performance <n> accessibility <n> best-practices <n> js <bytes>
// Nothing leaves the machine: chromium runs headless without background networking, and
// Lighthouse only loads the box's own pages.
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const [base, cookie, outDir] = process.argv.slice(2);
if (!base || !cookie || !outDir) {
  console.error('usage: node lighthouse.mjs BASE_URL COOKIE OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const pages = [
  { name: 'connexion', url: new URL('#/login', base).href, signedIn: false },
  { name: 'accueil', url: new URL('#/', base).href, signedIn: true },
  { name: 'console', url: new URL('#/console', base).href, signedIn: true },
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--lang=fr-FR'],
});
try {
  for (const formFactor of ['mobile', 'desktop']) {
    for (const page of pages) {
      const flags = {
        port: chrome.port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        extraHeaders: page.signedIn ? { Cookie: cookie } : undefined,
        // the box is on the school LAN or this machine: no storage reset between pages is needed
        disableStorageReset: false,
      };
      const result = await lighthouse(page.url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
      if (!result) {
        throw new Error(`Lighthouse returned nothing for ${page.url}`);
      }
      const { lhr, report } = result;
      if (lhr.runtimeError) {
        throw new Error(`${page.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      fs.writeFileSync(path.join(outDir, `${page.name}-${formFactor}.html`), report);
      const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const scripts = lhr.audits['total-byte-weight']?.details?.items ?? [];
      const js = scripts.filter((i) => /\.m?js(\?|$)/.test(i.url)).reduce((sum, i) => sum + (i.totalBytes || 0), 0);
      const failed = (id) => Object.values(lhr.categories[id].auditRefs)
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
        .map((a) => a.id);
      console.log(`page ${page.name} ${formFactor} performance ${score('performance')} accessibility ${score('accessibility')}`
        + ` best-practices ${score('best-practices')} js ${js}`
        + (score('accessibility') < 100 ? ` a11y-issues ${failed('accessibility').join(',')}` : '')
        + (score('best-practices') < 100 ? ` bp-issues ${failed('best-practices').join(',')}` : ''));
    }
  }
} finally {
  await chrome.kill();
}
