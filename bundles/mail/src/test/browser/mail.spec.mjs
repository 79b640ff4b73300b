// Browser check of the webmail (#/module/mail, « Messagerie ») with axe-core on every view, against the portal's
// mock box (bundles/portal/src/test/browser/mock-server.mjs, with the portal's built UI) behind mail-mock.mjs,
// which serves this bundle's built screen and fakes the webmail's REST contract: folders, paged list, reading,
// reply with the address book's suggestions, a refused recipient, attachments, trash; at 360 px and 1280 px.
//
//   node --test src/test/browser/mail.spec.mjs      (after mvn install, or npm run build in the portal and here)
//
// Drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium); never downloads a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { checkA11y, launchBrowser, newPage, signIn } from '../../../../portal/src/test/browser/helpers.mjs';
import { openMail as openMailAt, settled } from './mail-pages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bundleDir = resolve(here, '../../..');
const portalDir = resolve(bundleDir, '../portal');
const SHOTS = process.env.SCREENSHOTS ?? join(bundleDir, 'target/browser');
// the mock views at a phone's width and a desktop's; BROWSER_PHONE_ONLY=1 (BrowserIT, for time): the phone's only
const MOCK_WIDTHS = process.env.BROWSER_PHONE_ONLY ? [360] : [360, 1280];

let baseUrl;
let browser;
let portalMock;
let mailMock;
let mockLogin;
let mockPassword;

before(async () => {
  const { createMockServer, MOCK_LOGIN, MOCK_PASSWORD } = await import('../../../../portal/src/test/browser/mock-server.mjs');
  const { createMailMock } = await import('./mail-mock.mjs');
  const portalUi = [join(portalDir, 'target/classes/ui'), join(portalDir, 'src/main/frontend/dist')].find((d) => existsSync(join(d, 'index.html')));
  const mailUi = [join(bundleDir, 'target/classes/ui'), join(bundleDir, 'src/main/frontend/dist')].find((d) => existsSync(join(d, 'index.js')));
  assert.ok(portalUi && mailUi, 'build the portal and the mail module first (mvn install, or npm run build in each)');
  portalMock = createMockServer({ uiDir: portalUi, modules: [
    { id: 'mail', name: 'Messagerie', description: 'Votre courrier de l’établissement.', icon: 'mail', entryPoint: '/modules/mail/index.js', order: 20 },
  ] });
  mailMock = createMailMock({ uiDir: mailUi, upstream: await portalMock.listen() });
  baseUrl = await mailMock.listen();
  mockLogin = MOCK_LOGIN;
  mockPassword = MOCK_PASSWORD;
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await mailMock?.close();
  await portalMock?.close();
});

const openMail = (page) => openMailAt(page, baseUrl);

async function audit(page, label) {
  await checkA11y(page, label, { strict: true });
  await page.screenshot({ path: join(SHOTS, `mail-${label.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

async function fitsWidth(page, label) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(over <= 1, `${label}: the page scrolls sideways by ${over} px`);
}

for (const width of MOCK_WIDTHS) {
  test(`mail (mock): read, page, reply with the address book, a refused recipient, trash at ${width} px`, async () => {
    mailMock.reset();
    const { context, page, problems } = await newPage(browser, width);
    try {
      await signIn(page, baseUrl, mockLogin, mockPassword);
      await openMail(page);
      // the inbox: its unread count, newest first, paged by 25
      const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
      await folders.getByRole('button', { name: /Boîte de réception/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Boîte de réception' }).waitFor();
      await page.getByText('Messages 1 à 25 sur 30.').waitFor();
      // the mailbox's room, under the folders
      await page.getByRole('progressbar', { name: '12 Mo utilisés sur 200 Mo.' }).waitFor();
      await audit(page, `inbox-${width}`);
      if (width === 360) await fitsWidth(page, 'inbox');
      await page.getByRole('button', { name: 'Messages plus anciens' }).click();
      await page.getByText('Messages 26 à 30 sur 30.').waitFor();
      await page.getByRole('button', { name: 'Messages plus récents' }).click();
      await page.getByText('Messages 1 à 25 sur 30.').waitFor();

      // reading: headers, the body, the attachment as a download link
      await page.getByRole('link', { name: /^Non lu\. De Julien Dumas\. Conseil de classe de la 5A\./ }).click();
      await page.getByRole('heading', { level: 2, name: 'Conseil de classe de la 5A' }).waitFor();
      await page.getByText('Le conseil de classe aura lieu jeudi à 17 h.').waitFor();
      const file = page.getByRole('link', { name: /ordre-du-jour\.pdf/ });
      assert.equal(await file.getAttribute('download'), 'ordre-du-jour.pdf');
      assert.match(page.url(), /#\/module\/mail\/INBOX\/1$/);
      await audit(page, `message-${width}`);
      if (width === 360) await fitsWidth(page, 'message');

      // reply: the quoted text, a recipient from the address book, then a refused one
      await page.getByRole('button', { name: 'Répondre', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Répondre' }).waitFor();
      await page.getByRole('list', { name: 'Destinataires (À)' }).getByText('Julien Dumas', { exact: true }).waitFor();
      assert.equal(await page.getByLabel('Objet').inputValue(), 'Re: Conseil de classe de la 5A');
      await page.getByRole('textbox', { name: 'Message' }).getByText('> Le conseil de classe aura lieu jeudi à 17 h.').waitFor();
      await page.getByRole('textbox', { name: /^Copie à/ }).fill('ver');
      await page.getByRole('button', { name: 'Anne Verger — Direction' }).click();
      await page.getByRole('list', { name: 'Destinataires (Copie à)' }).getByText('Anne Verger', { exact: true }).waitFor();
      await audit(page, `compose-${width}`);
      if (width === 360) await fitsWidth(page, 'compose');
      await page.getByLabel('À', { exact: true }).fill('lucie.marchand@0999999z.preau.invalid,');
      await page.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('mes notes') });
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText(/Vous ne pouvez pas écrire à lucie\.marchand@0999999z\.preau\.invalid/).first().waitFor();
      const to = page.getByLabel('À', { exact: true });
      assert.equal(await to.getAttribute('aria-invalid'), 'true');
      await audit(page, `compose-refused-${width}`);
      await page.getByRole('button', { name: 'Retirer lucie.marchand@0999999z.preau.invalid' }).click();
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
      const sent = mailMock.state.sent.at(-1);
      assert.deepEqual(sent.to, ['Julien Dumas <julien.dumas@0999999z.preau.invalid>']);
      assert.deepEqual(sent.cc, ['Anne Verger <anne.verger@0999999z.preau.invalid>']);
      assert.deepEqual(sent.replyTo, { folder: 'INBOX', uid: 1 });
      assert.equal(sent.attachments.length, 1);

      // « Envoyés » shows it; a message goes to the trash
      await folders.getByRole('button', { name: /Envoyés/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Envoyés' }).waitFor();
      await page.getByRole('link', { name: /Re: Conseil de classe de la 5A/ }).first().waitFor();
      await audit(page, `sent-${width}`);
      await folders.getByRole('button', { name: /Boîte de réception/ }).click();
      await page.getByRole('link', { name: /Sortie au musée/ }).click();
      await page.getByText('La sortie au').waitFor();
      await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
      await page.getByText(/Message mis à la corbeille/).first().waitFor();
      await folders.getByRole('button', { name: /Corbeille/ }).click();
      await page.getByRole('link', { name: /Sortie au musée/ }).waitFor();
      await audit(page, `trash-${width}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('mail (mock): a deep link opens the message', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 1280);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await page.goto(`${baseUrl}/#/module/mail/INBOX/12`);
    await page.getByRole('heading', { level: 2, name: 'Question n° 3' }).waitFor({ timeout: 20000 });
    await page.getByRole('button', { name: 'Retour à la liste' }).click();
    await page.getByRole('heading', { level: 2, name: 'Boîte de réception' }).waitFor();
    assert.match(page.url(), /#\/module\/mail$/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('mail (mock): a search in the folder, then the message moved to another folder', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 360);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await openMail(page);
    await page.getByRole('searchbox', { name: 'Rechercher dans « Boîte de réception »' }).fill('Question n° 3');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Boîte de réception : « Question n° 3 »' }).waitFor();
    const found = page.getByRole('list', { name: 'Messages trouvés : Boîte de réception' });
    assert.equal(await found.getByRole('link').count(), 1);
    await audit(page, 'search-360');
    await fitsWidth(page, 'search results');
    await found.getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: 'Question n° 3' }).waitFor();
    await page.getByRole('button', { name: 'Déplacer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Déplacer le message' });
    await dialog.getByLabel('Vers le dossier').selectOption({ label: 'Corbeille' });
    await audit(page, 'move-dialog-360');
    await dialog.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await page.getByText('Message déplacé vers « Corbeille ».').first().waitFor();
    assert.ok(mailMock.state.folders.Trash.some((m) => m.uid === 12), 'in the trash');
    assert.ok(!mailMock.state.folders.INBOX.some((m) => m.uid === 12), 'no longer in the inbox');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('mail (mock): a new message to a list of the address book', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 360);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await openMail(page);
    await page.getByRole('button', { name: 'Écrire un message' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nouveau message' }).waitFor();
    await page.getByLabel('À', { exact: true }).fill('5a');
    await page.getByRole('button', { name: 'Élèves de 5A — Liste, 2 personnes' }).click();
    const chosen = page.getByRole('list', { name: 'Destinataires (À)' });
    await chosen.getByText('Léo Marchand', { exact: true }).waitFor();
    await chosen.getByText('Emma Petit', { exact: true }).waitFor();
    await page.getByLabel('Objet').fill('Sortie de jeudi');
    await page.getByRole('textbox', { name: 'Message' }).fill('Rendez-vous à 8 h devant le collège.');
    await audit(page, 'compose-list-360');
    await fitsWidth(page, 'compose with a list');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
    const sent = mailMock.state.sent.at(-1);
    assert.deepEqual(sent.to, ['Léo Marchand <leo.marchand@0999999z.preau.invalid>', 'Emma Petit <emma.petit@0999999z.preau.invalid>']);
    assert.equal(sent.subject, 'Sortie de jeudi');
    assert.match(sent.html, /Rendez-vous à 8 h devant le collège\./);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('mail (mock): a draft kept, reopened from « Brouillons », then sent', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 360);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await openMail(page);
    await page.getByRole('button', { name: 'Écrire un message' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nouveau message' }).waitFor();
    await page.getByLabel('Objet').fill('Réunion de parents');
    await page.getByRole('textbox', { name: 'Message' }).fill('Premier jet de l’ordre du jour.');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon enregistré dans « Brouillons ».', { exact: false }).first().waitFor();
    assert.equal(mailMock.state.folders.Drafts.length, 1, 'kept without a recipient');
    await audit(page, 'compose-draft-360');
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Fermer' }).click();
    const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
    await folders.getByRole('button', { name: /Brouillons/ }).click();
    await page.getByRole('link', { name: /Réunion de parents/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Brouillon' }).waitFor();
    assert.equal(await page.getByLabel('Objet').inputValue(), 'Réunion de parents');
    await audit(page, 'draft-reopened-360');
    await page.getByLabel('À', { exact: true }).fill('julien.dumas@0999999z.preau.invalid,');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Message envoyé. Une copie est dans « Envoyés ».').first().waitFor();
    const sent = mailMock.state.sent.at(-1);
    assert.equal(sent.subject, 'Réunion de parents');
    assert.equal(typeof sent.draft, 'number', 'sent from the draft');
    assert.equal(mailMock.state.folders.Drafts.length, 0, 'the draft is gone once sent');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('mail (mock): a teacher approves one pupil’s message and refuses another with a reason in « À valider »', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 360);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await openMail(page);
    const folders = page.getByRole('navigation', { name: 'Dossiers de la messagerie' });
    await folders.getByRole('button', { name: /À valider.*2 messages à valider/ }).click();
    await page.getByRole('heading', { level: 2, name: 'À valider' }).waitFor();
    await settled(page);
    const first = page.getByRole('article', { name: 'Mon exposé sur les volcans' });
    await first.getByText('volcans.pdf', { exact: false }).waitFor();
    await first.getByText('J’ai trouvé des photos du Vésuve.', { exact: false }).waitFor();
    await audit(page, 'to-validate-360');
    await fitsWidth(page, 'to-validate-360');
    await first.getByRole('button', { name: 'Accepter et envoyer' }).click();
    await page.getByText('Message « Mon exposé sur les volcans » accepté et envoyé.').first().waitFor();
    await page.getByRole('article', { name: 'Coucou' }).getByRole('button', { name: 'Refuser…' }).click();
    const dialog = page.getByRole('dialog', { name: /Refuser le message « Coucou »/ });
    await dialog.getByLabel('Explication pour l’élève (facultative)').fill('Écris-lui plutôt pendant la récréation.');
    await audit(page, 'refuse-dialog-360');
    await dialog.getByRole('button', { name: 'Refuser le message' }).click();
    await page.getByText('Message refusé. L’élève en est averti dans sa messagerie.').first().waitFor();
    await page.getByText('Aucun message à valider. Tout est à jour !').waitFor();
    assert.deepEqual(mailMock.state.decisions, [
      { id: 'h1', decision: 'approve', reason: null },
      { id: 'h2', decision: 'refuse', reason: 'Écris-lui plutôt pendant la récréation.' },
    ]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('mail (mock): remote images stay hidden until asked for, then come through the box', async () => {
  mailMock.reset();
  const { context, page, problems } = await newPage(browser, 360);
  try {
    await signIn(page, baseUrl, mockLogin, mockPassword);
    await openMail(page);
    await page.getByRole('link', { name: /Sortie au musée/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Sortie au musée' }).waitFor();
    await page.getByText('Ce message contient une image distante, masquée', { exact: false }).waitFor();
    assert.equal(await page.locator('.mail-body img').count(), 0, 'blocked by default');
    assert.equal(mailMock.state.imagesFetched ?? 0, 0);
    await page.getByRole('button', { name: 'Afficher les images distantes' }).click();
    await page.getByRole('img', { name: 'Affiche de la sortie' }).waitFor();
    assert.match(await page.getByRole('img', { name: 'Affiche de la sortie' }).getAttribute('src'), /^\/api\/v1\/mail\/folders\/INBOX\/messages\/2\/images\/0$/);
    await audit(page, 'remote-images-360');
    await fitsWidth(page, 'remote images');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
