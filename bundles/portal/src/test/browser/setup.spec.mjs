// The set-up of a new box in a real browser (FirstBootIT runs it against a box with an empty data
// directory): the referent types the code shown on the console, the school and a password, then goes on,
// signed in, with the annuaire (the LDAP settings and « Tester la connexion ») and the académie's updates,
// and ends in the console's import page; axe-core at each step.
//
//   BASE_URL=http://127.0.0.1:8181 SETUP_CODE=… PASSWORD=… node --test src/test/browser/setup.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { checkA11y, launchBrowser, newPage, portalDir } from './helpers.mjs';

const baseUrl = process.env.BASE_URL?.replace(/\/+$/, '');
const code = process.env.SETUP_CODE;
const password = process.env.PASSWORD;
const SHOTS = process.env.SCREENSHOTS ?? join(portalDir, 'target/browser');
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

test('set-up of a new box: the referent, then the annuaire with a connection test, then the updates; accessible',
  { skip: !baseUrl || !code || !password }, async () => {
    const { context, page, problems } = await newPage(browser, 1280);
    try {
      await page.goto(`${baseUrl}/#/setup`);
      await page.getByRole('heading', { level: 1, name: 'Mise en service de Préau' }).waitFor();
      await page.getByText('Étape 1 sur 3 : Le référent').waitFor();
      await checkA11y(page, 'set-up step 1');
      await page.getByLabel('Code de mise en service').fill(code);
      await page.getByLabel("Code UAI de l'établissement").fill('0999999z');
      await page.getByLabel("Nom de l'établissement").fill('Collège Jean Rostand');
      await page.getByLabel("Domaine de messagerie de l'établissement").fill('Clg-Rostand.ac-fictive.fr');
      await page.getByLabel('Mot de passe du référent numérique').fill(password);
      await page.getByLabel('Confirmez le mot de passe').fill(password);
      await page.getByRole('button', { name: 'Mettre Préau en service' }).click();

      // step 2, signed in: files by default; the LDAP choice shows the settings and tests them
      await page.getByRole('heading', { level: 1, name: "D'où viennent les comptes ?" }).waitFor({ timeout: 30000 });
      await page.getByText('Étape 2 sur 3 : L\'annuaire de l\'académie').waitFor();
      assert.equal(await page.getByLabel('Par fichiers : les exports AAF (ou ONDE pour une école)').isChecked(), true);
      await checkA11y(page, 'set-up step 2');
      // a slow box: the stored settings arrive after the referent has typed; what was typed must stay
      await page.route('**/api/v1/admin/ldap/settings', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      const settingsLoaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/ldap/settings'));
      await page.getByLabel("Par l'annuaire LDAP de l'académie").check();
      const ldap = page.getByRole('region', { name: /^Synchronisation avec l.annuaire LDAP de l.académie$/ });
      await ldap.getByLabel('Adresse du serveur').fill('ldap://127.0.0.1:1');
      await ldap.getByLabel('Base DN (racine de l’annuaire)').fill('dc=ac-exemple,dc=fr');
      await ldap.getByRole('button', { name: 'Tester la connexion' }).click();
      const said = ldap.locator('[aria-live]').filter({ hasText: /Serveur injoignable/ });
      await said.waitFor({ timeout: 20000 });
      await settingsLoaded;
      // the late settings are applied (they fill the choices of the automatic synchronisation)
      await ldap.getByLabel('Synchronisation automatique').locator('option').first().waitFor({ state: 'attached' });
      assert.equal(await ldap.getByLabel('Adresse du serveur').inputValue(), 'ldap://127.0.0.1:1', 'what was typed stays');
      assert.equal(await ldap.getByLabel('Base DN (racine de l’annuaire)').inputValue(), 'dc=ac-exemple,dc=fr');
      await checkA11y(page, 'set-up step 2, LDAP tested');
      await page.screenshot({ path: join(SHOTS, 'setup-annuaire-1280.png'), fullPage: true });
      // the referent settles for files after all
      await page.getByLabel('Par fichiers : les exports AAF (ou ONDE pour une école)').check();
      assert.equal(await ldap.isVisible(), false, 'the LDAP settings fold away');
      await page.getByRole('button', { name: 'Continuer' }).click();

      // step 3: the académie's channel, to be given now or later
      await page.getByRole('heading', { level: 1, name: "Les mises à jour de l'académie" }).waitFor();
      await page.getByText("Étape 3 sur 3 : Les mises à jour de l'académie").waitFor();
      await page.getByLabel('Adresse du canal').waitFor();
      await page.getByLabel('Clé publique de l’académie').waitFor();
      await checkA11y(page, 'set-up step 3');
      await page.screenshot({ path: join(SHOTS, 'setup-updates-1280.png'), fullPage: true });
      await page.getByRole('button', { name: 'Terminer et importer les fichiers' }).click();
      await page.waitForURL(/#\/console\/imports$/);
      await page.getByRole('heading', { name: "Import de l'annuaire" }).first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
