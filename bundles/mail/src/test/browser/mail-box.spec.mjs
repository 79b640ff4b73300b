// The webmail's journeys against a real box (BASE_URL: the demo school, with the mail module, a default module):
// the teacher writes to a pupil of his class through the address book → the pupil finds it unread, reads it and
// answers → the pupil's parent writes to the teacher → the teacher reads both; then the referent asks, in the console, that pupils' messages be validated
// → the pupil's next message waits (« attend l'accord ») → the teacher accepts it in « À valider » → it arrives →
// the referent turns validation off again. axe-core on every view. Run by BrowserIT (appliance-image/itests);
// the screens' every state is checked against a mock box by mail.spec.mjs.
//
// Environment: BASE_URL, PASSWORD, LOGIN (a pupil), TEACHER_LOGIN (one of the pupil's teachers), PARENT_LOGIN (the
// pupil's parent), REFERENT_LOGIN.
// Drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium); never downloads a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { checkA11y, launchBrowser, newPage, signIn } from '../../../../portal/src/test/browser/helpers.mjs';
import { openMail as openMailAt, settled } from './mail-pages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bundleDir = resolve(here, '../../..');
const SHOTS = process.env.SCREENSHOTS ?? join(bundleDir, 'target/browser');
const baseUrl = process.env.BASE_URL?.replace(/\/+$/, '');
const PASSWORD = process.env.PASSWORD;
const PUPIL = process.env.LOGIN;
const TEACHER = process.env.TEACHER_LOGIN;
const REFERENT = process.env.REFERENT_LOGIN;
const PARENT = process.env.PARENT_LOGIN;
// this run's subjects, so that a box already holding mail (the demo's) cannot answer for them
const RUN = Math.random().toString(36).slice(2, 8);

let browser;

before(async () => {
  assert.ok(baseUrl && PASSWORD && PUPIL && TEACHER && REFERENT && PARENT,
    'BASE_URL, PASSWORD, LOGIN, TEACHER_LOGIN, PARENT_LOGIN and REFERENT_LOGIN are needed');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const openMail = (page) => openMailAt(page, baseUrl);

async function audit(page, label) {
  await checkA11y(page, label);
  await page.screenshot({ path: join(SHOTS, `mail-box-${label.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** A person's session in a page of its own: `run(page)` then the page is closed; no page error allowed. */
async function as(login, width, run) {
  const { context, page, problems } = await newPage(browser, width);
  try {
    await signIn(page, baseUrl, login, PASSWORD);
    await run(page);
    assert.deepEqual(problems, [], `${login}: errors in the page`);
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, `mail-box-failed-${login}-${width}.png`), fullPage: true }).catch(() => {});
    throw new Error(`${e.message}\n(${login}'s page: ${problems.join(' | ') || 'no error logged'}; screenshot mail-box-failed-${login}-${width}.png)`, { cause: e });
  } finally {
    await context.close();
  }
}

/** Writes a new message to `who` (typed, then picked in the address book's suggestions). */
async function write(page, who, subject, text) {
  await page.getByRole('button', { name: 'Écrire un message' }).click();
  await page.getByRole('heading', { level: 2, name: 'Nouveau message' }).waitFor();
  await page.getByLabel('À', { exact: true }).fill(who.typed);
  await page.getByRole('button', { name: who.suggestion }).first().click();
  await page.getByRole('list', { name: 'Destinataires (À)' }).getByText(who.name, { exact: true }).waitFor();
  await page.getByLabel('Objet').fill(subject);
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
}

/** Opens the message `subject` of the folder on screen (unread or not), and waits for its text. */
async function read(page, subject, text) {
  await page.getByRole('link', { name: new RegExp(subject) }).first().click();
  await page.getByRole('heading', { level: 2, name: subject }).waitFor();
  await page.getByText(text).first().waitFor();
}

test('mail (box): a teacher writes to his pupil from the address book, the pupil reads and answers, the parent writes to the teacher', async () => {
  const subject = `Exposé du ${RUN}`;
  const text = 'Pensez à apporter vos photos pour l’exposé de vendredi.';
  await as(TEACHER, 1280, async (page) => {
    await openMail(page);
    await audit(page, 'teacher-inbox-1280');
    await write(page, { typed: 'marchand', suggestion: /^Léo MARCHAND — Élève/, name: 'Léo MARCHAND' }, subject, text);
    await audit(page, 'teacher-compose-1280');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
    const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
    await folders.getByRole('button', { name: /Envoyés/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Envoyés' }).waitFor();
    await page.getByRole('link', { name: new RegExp(subject) }).waitFor();
  });
  await as(PUPIL, 360, async (page) => {
    await openMail(page);
    // unread, from the teacher, in the inbox
    await page.getByRole('link', { name: new RegExp(`^Non lu\\. De Julien Dumas\\. ${subject}`, 'i') }).waitFor({ timeout: 20000 });
    await audit(page, 'pupil-inbox-360');
    await read(page, subject, text);
    await audit(page, 'pupil-message-360');
    await page.getByRole('button', { name: 'Répondre', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Répondre' }).waitFor();
    await page.getByRole('list', { name: 'Destinataires (À)' }).getByText('Julien DUMAS', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Objet').inputValue(), `Re: ${subject}`);
    await page.getByRole('textbox', { name: 'Message' }).fill('Merci, je les apporterai.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
  });
  // the pupil's parent writes to the teacher of her child, from her phone
  await as(PARENT, 360, async (page) => {
    await openMail(page);
    await write(page, { typed: 'dumas', suggestion: /^Julien DUMAS — Enseignant/, name: 'Julien DUMAS' }, `Absence ${RUN}`,
      'Léo sera absent jeudi matin pour un rendez-vous médical.');
    await audit(page, 'parent-compose-360');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
  });
  await as(TEACHER, 1280, async (page) => {
    await openMail(page);
    await read(page, `Re: ${subject}`, 'Merci, je les apporterai.');
    await audit(page, 'teacher-answer-1280');
    const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
    await folders.getByRole('button', { name: /Boîte de réception/ }).click();
    await read(page, `Absence ${RUN}`, 'Léo sera absent jeudi matin pour un rendez-vous médical.');
  });
});

test('mail (box): with validation asked by the referent, a pupil’s message waits for the teacher’s accord', async () => {
  const subject = `Question du ${RUN}`;
  const label = 'Faire valider les messages des élèves par un enseignant avant leur envoi';
  const toggle = async (wanted) => as(REFERENT, 1280, async (page) => {
    await page.goto(`${baseUrl}/#/console/etablissements`);
    const box = page.getByLabel(label).first();
    await box.waitFor({ timeout: 20000 });
    if (wanted) assert.equal(await box.isChecked(), false, 'off by default in a collège');
    await box.setChecked(wanted);
    await page.getByText(wanted ? 'Les messages des élèves attendront l’accord d’un enseignant avant de partir.'
      : 'Les messages des élèves partiront sans validation.').first().waitFor();
    if (wanted) await audit(page, 'referent-moderation-1280');
    // kept: the page shows it again after a reload
    await page.reload();
    await page.getByLabel(label).first().waitFor({ timeout: 20000 });
    assert.equal(await page.getByLabel(label).first().isChecked(), wanted, 'the setting kept');
  });
  await toggle(true);
  try {
    await as(PUPIL, 360, async (page) => {
      await openMail(page);
      await write(page, { typed: 'dumas', suggestion: /^Julien DUMAS — Enseignant/, name: 'Julien DUMAS' }, subject,
        'Faut-il rendre l’exercice 4 demain ?');
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText(/Votre message attend l.accord de votre enseignant\./).first().waitFor();
      // the pupil finds it in « En attente » until the teacher decides
      await page.getByText('Votre message partira quand votre enseignant l’aura accepté : vous le retrouvez dans « En attente ».').waitFor();
      const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
      await folders.getByRole('button', { name: /En attente/ }).click();
      await page.getByRole('heading', { level: 2, name: 'En attente' }).waitFor();
      await settled(page);
      await page.getByRole('article', { name: subject }).getByText('Faut-il rendre l’exercice 4 demain ?', { exact: false }).waitFor();
      await audit(page, 'pupil-pending-360');
    });
    await as(TEACHER, 360, async (page) => {
      await openMail(page);
      // not delivered yet
      assert.equal(await page.getByRole('link', { name: new RegExp(subject) }).count(), 0, 'held, not in the inbox');
      const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
      await folders.getByRole('button', { name: /À valider/ }).click();
      await page.getByRole('heading', { level: 2, name: 'À valider' }).waitFor();
      await settled(page);
      const held = page.getByRole('article', { name: subject });
      await held.getByText('Faut-il rendre l’exercice 4 demain ?', { exact: false }).waitFor();
      await audit(page, 'teacher-to-validate-360');
      await held.getByRole('button', { name: 'Accepter et envoyer' }).click();
      await page.getByText(`Message « ${subject} » accepté et envoyé.`).first().waitFor();
      // delivered to its recipient: the teacher himself
      await folders.getByRole('button', { name: /Boîte de réception/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Boîte de réception' }).waitFor();
      await read(page, subject, 'Faut-il rendre l’exercice 4 demain ?');
    });
  } finally {
    await toggle(false);
  }
});
