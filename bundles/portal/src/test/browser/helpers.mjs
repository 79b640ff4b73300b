// Helpers shared by the browser specs of the portal and of the modules' screens (e.g.
// bundles/cahier/src/test/browser/cahier.spec.mjs): Debian's Chromium through playwright-core
// (never a downloaded browser), a fresh page per check, axe-core, the login form.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const portalDir = resolve(here, '../../..');
// playwright-core and @axe-core/playwright are devDependencies of the portal's front end
const require = createRequire(join(portalDir, 'src/main/frontend/package.json'));
const { chromium } = require('playwright-core');
const { default: AxeBuilder } = require('@axe-core/playwright');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh context and page at this width; `problems` collects page errors and console errors (expected 4xx aside). */
export async function newPage(browser, width) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 780 : 900 }, locale: 'fr-FR', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  return { context, page, problems };
}

/** Runs axe (WCAG 2.1 A/AA); fails on serious or critical violations, or on any with `strict`. */
export async function checkA11y(page, label, { strict = false } = {}) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = strict ? result.violations : result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  assert.equal(bad.length, 0, `${label}: axe violations\n${text}`);
  return result.violations.length;
}

/** Waits until nothing in a module's screen is busy any more (the modules' specs). */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.module-root [aria-busy="true"], .module-root[aria-busy="true"]'), null, { timeout: 20000 });
}

/** Signs in through the login form and waits for the home page. */
export async function signIn(page, baseUrl, login, password) {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor({ timeout: 15000 });
}
