// Browser check of the « Documents » screen (#/module/files), with axe-core on every view.
//
// Against a box (BASE_URL, with the demo school and the files module installed; PASSWORD, TEACHER_LOGIN,
// LOGIN (a pupil of one of the teacher's classes)): the teacher uploads a file into the class's space
// from the screen, the pupil sees it there (read only) and downloads it intact; a drop box from the teacher to
// the pupil and back (hand-in, the zip by pupil, a corrected file returned).
//
// Without BASE_URL: the portal's mock box (bundles/portal/src/test/browser/mock-server.mjs, with the
// portal's built UI) behind files-mock.mjs, which serves this bundle's built screen and fakes the
// module's REST contract: every view of a teacher and a pupil, at 360 px and 1280 px.
//
//   node --test src/test/browser/files.spec.mjs            (after mvn install, or npm run build in both bundles)
//
// Drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium); never downloads a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { checkA11y, launchBrowser, newPage, settled, signIn } from '../../../../portal/src/test/browser/helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bundleDir = resolve(here, '../../..');
const portalDir = resolve(bundleDir, '../portal');
const SHOTS = process.env.SCREENSHOTS ?? join(bundleDir, 'target/browser');
// the mock views at a phone's width and a desktop's; BROWSER_PHONE_ONLY=1 (BrowserIT, for time): the phone's only
const MOCK_WIDTHS = process.env.BROWSER_PHONE_ONLY ? [360] : [360, 1280];
const BOX = Boolean(process.env.BASE_URL);
const CLASS = 'classe:0999999Z:CLASSE:5A';

let baseUrl = process.env.BASE_URL?.replace(/\/+$/, '');
let browser;
let portalMock = null;
let filesMock = null;
let mockLogin;
let mockPassword;

before(async () => {
  if (!BOX) {
    const { createMockServer, MOCK_LOGIN, MOCK_PASSWORD } = await import('../../../../portal/src/test/browser/mock-server.mjs');
    const { createFilesMock } = await import('./files-mock.mjs');
    const portalUi = [join(portalDir, 'target/classes/ui'), join(portalDir, 'src/main/frontend/dist')].find((d) => existsSync(join(d, 'index.html')));
    const filesUi = [join(bundleDir, 'target/classes/ui'), join(bundleDir, 'src/main/frontend/dist')].find((d) => existsSync(join(d, 'index.js')));
    assert.ok(portalUi && filesUi, 'build the portal and the files module first (mvn install, or npm run build in each)');
    portalMock = createMockServer({
      uiDir: portalUi,
      modules: [{ id: 'files', name: 'Documents', description: 'Vos fichiers et ceux de vos classes.', icon: 'folder-open', entryPoint: '/modules/files/index.js', order: 20 }],
    });
    filesMock = createFilesMock({ uiDir: filesUi, upstream: await portalMock.listen() });
    baseUrl = await filesMock.listen();
    mockLogin = MOCK_LOGIN;
    mockPassword = MOCK_PASSWORD;
  }
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await filesMock?.close();
  await portalMock?.close();
});

/** Opens the screen at `path` (what follows #/module/files/), from the home page so that it mounts afresh. */
async function openFiles(page, path = '') {
  await page.goto(`${baseUrl}/#/`);
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor({ timeout: 15000 });
  await page.goto(`${baseUrl}/#/module/files${path ? `/${path.split('/').map(encodeURIComponent).join('/')}` : ''}`);
  await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor({ timeout: 20000 });
  await page.getByRole('navigation', { name: 'Espaces de documents' }).waitFor({ timeout: 20000 });
  await settled(page);
}

/** Follows one of the spaces' links and waits for its folder. */
async function openSpace(page, label) {
  const nav = page.getByRole('navigation', { name: 'Espaces de documents' });
  const link = nav.getByRole('link', { name: new RegExp(`^${label}`) });
  // a teacher of many classes and groupes finds them under « Classes et groupes »
  if (!(await link.isVisible()) && (await nav.locator('details:not([open]) > summary').count())) await nav.locator('details > summary').click();
  await link.click();
  await page.getByRole('heading', { level: 2, name: label }).waitFor({ timeout: 20000 });
  await settled(page);
}

async function audit(page, label) {
  await checkA11y(page, label, { strict: true });
  await page.screenshot({ path: join(SHOTS, `files-${label.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

async function fitsWidth(page, label) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(over <= 1, `${label}: the page scrolls sideways by ${over} px`);
}

const row = (page, name) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name.replace(/[.()]/g, '\\$&')) }) });

async function rowAction(page, name, action) {
  await row(page, name).getByRole('button', { name: /^Actions/ }).click();
  await page.getByRole('dialog', { name }).getByRole('button', { name: action, exact: true }).click();
}

// ——— against the mock: every view, phone and desktop ———

for (const width of MOCK_WIDTHS) {
  test(`files (mock): a teacher uploads, sorts out and deletes at ${width} px`, { skip: BOX }, async () => {
    filesMock.state.reset();
    const { context, page, problems } = await newPage(browser, width);
    try {
      await signIn(page, baseUrl, mockLogin, mockPassword);
      await openFiles(page);
      // the personal space first: empty, so the drop zone is open
      await page.getByRole('heading', { level: 2, name: 'Mes documents' }).waitFor();
      await page.getByText('Ce dossier est vide. Déposez-y des fichiers ou créez un dossier.').waitFor();
      await page.getByText('0 octet utilisés sur 5,0 Mo (0 %)').waitFor();
      await audit(page, `teacher-empty-${width}`);
      if (width === 360) await fitsWidth(page, 'empty folder');

      // three files: one over the box's largest file is refused before sending, two go with a bar each
      const input = page.locator('.files-upload input[type=file]');
      await input.setInputFiles([
        { name: 'exposé volcans.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { name: 'notes.ods', mimeType: 'application/vnd.oasis.opendocument.spreadsheet', buffer: Buffer.alloc(3000, 1) },
        { name: 'film.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(2 * 1024 * 1024 + 10, 1) },
      ]);
      await page.getByText(/« film\.mp4 » n’a pas été ajouté : il dépasse 2 Mo/).waitFor();
      await page.getByRole('button', { name: 'Envoyer les fichiers' }).click();
      await page.getByText('Les 2 fichiers sont déposés.').first().waitFor();
      await row(page, 'exposé volcans.pdf').waitFor();
      await row(page, 'notes.ods').getByRole('cell', { name: '2,9 Ko' }).waitFor();
      await page.getByText(/^Place utilisée : 2,9 Ko utilisés sur 5,0 Mo/).waitFor();
      await audit(page, `teacher-uploaded-${width}`);

      // the box's refusals, in French: space full (507), file too large (413)
      filesMock.state.limit = 12 * 1024;
      await input.setInputFiles([{ name: 'gros.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(20 * 1024, 2) }]);
      await page.getByRole('button', { name: 'Envoyer les fichiers' }).click();
      await page.getByText(/« gros\.bin » : Espace plein : il reste .* et il faudrait 20,0 Ko\. Videz la corbeille/).waitFor();
      filesMock.state.limit = 5 * 1024 * 1024;
      filesMock.state.maxFile = 10 * 1024;
      await input.setInputFiles([{ name: 'gros.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(20 * 1024, 2) }]);
      await page.getByRole('button', { name: 'Envoyer les fichiers' }).click();
      await page.getByText('« gros.bin » : Ce fichier dépasse la taille maximale d\'un fichier (10,0 Ko).').waitFor();
      filesMock.state.maxFile = 2 * 1024 * 1024;
      await audit(page, `teacher-refused-${width}`);

      // a new folder, a rename, a move into the folder
      await page.getByRole('button', { name: 'Nouveau dossier' }).click();
      const mk = page.getByRole('dialog', { name: 'Nouveau dossier' });
      await mk.getByRole('button', { name: 'Créer le dossier' }).click();
      await mk.getByText('Donnez un nom au fichier ou au dossier.').waitFor();
      await mk.getByLabel('Nom du dossier').fill('Exposés');
      await audit(page, `teacher-new-folder-${width}`);
      await mk.getByLabel('Nom du dossier').press('Enter');
      await row(page, 'Exposés').waitFor();
      await rowAction(page, 'notes.ods', 'Renommer');
      const rn = page.getByRole('dialog', { name: 'Renommer « notes.ods »' });
      await rn.getByLabel('Nouveau nom du fichier').fill('notes: trimestre.ods');
      await rn.getByRole('button', { name: 'Renommer' }).click();
      await rn.getByText(/ne peut contenir ni/).waitFor();
      await rn.getByLabel('Nouveau nom du fichier').fill('notes trimestre 1.ods');
      await rn.getByRole('button', { name: 'Renommer' }).click();
      await row(page, 'notes trimestre 1.ods').waitFor();
      await rowAction(page, 'exposé volcans.pdf', 'Déplacer');
      const mv = page.getByRole('dialog', { name: 'Déplacer « exposé volcans.pdf »' });
      await mv.getByRole('button', { name: 'Ouvrir le dossier Exposés' }).click();
      await mv.getByText('Mes documents › Exposés').waitFor();
      await audit(page, `teacher-move-${width}`);
      await mv.getByRole('button', { name: 'Déplacer ici' }).click();
      await page.getByText('« exposé volcans.pdf » est déplacé dans « Mes documents ».').first().waitFor();
      await row(page, 'exposé volcans.pdf').waitFor({ state: 'detached' });

      // into the folder by its link: a new address, the breadcrumb, Back comes out again
      await page.getByRole('link', { name: /Exposés/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Exposés' }).waitFor();
      await settled(page);
      assert.match(await page.evaluate(() => window.location.hash), /^#\/module\/files\/espace\/perso%3Ap-0001\/dossier\/\d+$/);
      const crumbs = page.getByRole('navigation', { name: 'Emplacement du dossier' });
      await crumbs.getByRole('link', { name: 'Mes documents' }).waitFor();
      await row(page, 'exposé volcans.pdf').waitFor();
      await audit(page, `teacher-subfolder-${width}`);
      if (width === 360) await fitsWidth(page, 'subfolder');
      await page.goBack();
      await page.getByRole('heading', { level: 2, name: 'Mes documents' }).waitFor();
      await settled(page);

      // delete to the trash, « Annuler » in the toast puts it back
      await rowAction(page, 'notes trimestre 1.ods', 'Mettre à la corbeille');
      const toast = page.locator('.toast', { hasText: '« notes trimestre 1.ods » est dans la corbeille' });
      await toast.getByRole('button', { name: 'Annuler' }).click();
      await page.getByText('« notes trimestre 1.ods » est revenu à sa place.').first().waitFor();
      await row(page, 'notes trimestre 1.ods').waitFor();
      // deleted again, then found in « Corbeille », restored from there
      await rowAction(page, 'notes trimestre 1.ods', 'Mettre à la corbeille');
      await page.locator('.toast', { hasText: 'est dans la corbeille' }).first().waitFor();
      await page.getByRole('link', { name: 'Corbeille' }).click();
      await page.getByRole('heading', { level: 2, name: 'Corbeille : Mes documents' }).waitFor();
      await settled(page);
      await row(page, 'notes trimestre 1.ods').getByText('Effacé pour de bon dans 30 jours').waitFor();
      await audit(page, `teacher-trash-${width}`);
      if (width === 360) await fitsWidth(page, 'trash');
      await row(page, 'notes trimestre 1.ods').getByRole('button', { name: /^Restaurer/ }).click();
      await page.getByText('La corbeille est vide.').waitFor();
      await page.getByRole('link', { name: 'Revenir à « Mes documents »' }).click();
      await row(page, 'notes trimestre 1.ods').waitFor();
      // and for good
      await rowAction(page, 'notes trimestre 1.ods', 'Mettre à la corbeille');
      await page.getByRole('link', { name: 'Corbeille' }).click();
      await row(page, 'notes trimestre 1.ods').getByRole('button', { name: /^Supprimer définitivement/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Supprimer définitivement' }).click();
      await page.getByText('La corbeille est vide.').waitFor();
      // the refusal asked for (507 space full) is the only answer the browser logs as an error
      assert.deepEqual(problems.filter((p) => !/status of 507/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test(`files (mock): a class space, deep links, a pupil reads and copies, application passwords at ${width} px`, { skip: BOX }, async () => {
    filesMock.state.reset();
    const { context, page, problems } = await newPage(browser, width);
    try {
      await signIn(page, baseUrl, mockLogin, mockPassword);
      // an address opens the folder it names; a wrong one says so
      const cours = filesMock.state.nodes.find((n) => n.name === 'Cours');
      await openFiles(page, `espace/${CLASS}/dossier/${cours.id}`);
      await page.getByRole('heading', { level: 2, name: 'Cours' }).waitFor();
      await row(page, 'Fractions.pdf').waitFor();
      await audit(page, `teacher-class-folder-${width}`);
      await openFiles(page, 'espace/perso:p-0001/dossier/999999');
      await page.getByText('Ce dossier n’existe pas (ou plus), ou ne vous est pas ouvert.').waitFor();
      await audit(page, `missing-folder-${width}`);
      await openFiles(page, 'dossiers/12');
      await page.getByText('Cette adresse ne mène à aucun dossier.').waitFor();

      // a pupil: the class reads only, no write action; a file is copied into « Mes documents »
      filesMock.state.role = 'ELEVE';
      await openFiles(page);
      await openSpace(page, 'Classe 5A');
      await page.getByText('Lecture seule', { exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Déposer des fichiers' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Nouveau dossier' }).count(), 0);
      assert.equal(await page.getByRole('link', { name: 'Corbeille' }).count(), 0);
      await audit(page, `pupil-class-${width}`);
      // an image shows its thumbnail (loaded lazily, with a text alternative), which opens the preview panel
      const thumb = row(page, 'Emploi du temps.png').getByRole('img', { name: 'Aperçu de l’image « Emploi du temps.png »' });
      await thumb.waitFor();
      assert.equal(await thumb.getAttribute('loading'), 'lazy');
      await thumb.click();
      const preview = page.getByRole('dialog', { name: 'Emploi du temps.png' });
      await preview.locator('figure img[alt="Aperçu de l’image « Emploi du temps.png »"]').waitFor();
      await audit(page, `pupil-preview-${width}`);
      await page.keyboard.press('Escape');
      await preview.waitFor({ state: 'hidden' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Emploi du temps\.png/ }).click()]);
      assert.equal(download.suggestedFilename(), 'Emploi du temps.png');
      await rowAction(page, 'Emploi du temps.png', 'Copier dans mes espaces');
      const cp = page.getByRole('dialog', { name: 'Copier « Emploi du temps.png »' });
      await cp.locator('.files-where', { hasText: 'Mes documents' }).waitFor();
      assert.equal(await cp.getByLabel('Espace').inputValue(), 'perso:p-0001', 'a pupil copies into a space of their own');
      await audit(page, `pupil-copy-${width}`);
      await cp.getByRole('button', { name: 'Copier ici' }).click();
      await page.getByText('« Emploi du temps.png » est copié dans « Mes documents ».').first().waitFor();
      await openSpace(page, 'Mes documents');
      await row(page, 'Emploi du temps.png').waitFor();

      // the direction reaches every class: they fold under « Classes et groupes », open when one of them is shown
      filesMock.state.role = 'DIRECTION';
      await openFiles(page);
      const classes = page.getByRole('navigation', { name: 'Espaces de documents' }).locator('details');
      await classes.getByText('Classes et groupes (6)').click();
      await classes.getByRole('link', { name: /^Classe 4B/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Classe 4B' }).waitFor();
      await settled(page);
      await classes.getByText('Classes et groupes (6) : Classe 4B').waitFor();
      assert.equal(await classes.evaluate((d) => d.open), true);
      await page.getByText('Ce dossier est vide pour l’instant.').waitFor();
      await audit(page, `direction-classes-${width}`);
      if (width === 360) await fitsWidth(page, 'direction');
      filesMock.state.role = 'ELEVE';

      // the network drive and its application passwords: created (shown once), listed, revoked
      await page.getByRole('navigation', { name: 'Espaces de documents' }).getByRole('link', { name: 'Lecteur réseau' }).click();
      await page.getByRole('heading', { level: 2, name: 'Lecteur réseau' }).waitFor();
      await settled(page);
      await page.getByText(`${baseUrl}/dav/`).first().waitFor();
      await page.getByText('Aucun mot de passe d’application pour l’instant.').waitFor();
      await audit(page, `passwords-${width}`);
      if (width === 360) await fitsWidth(page, 'passwords');
      await page.getByRole('button', { name: 'Créer un mot de passe d’application' }).click();
      await page.getByText('Donnez un nom à cet appareil').waitFor();
      await page.getByLabel('Nom de l’appareil').fill('Ordinateur de la maison');
      await page.getByRole('button', { name: 'Créer un mot de passe d’application' }).click();
      const shown = page.getByRole('dialog', { name: 'Votre mot de passe d’application' });
      const secret = await shown.getByLabel('Mot de passe pour « Ordinateur de la maison »').inputValue();
      assert.equal(secret, filesMock.state.passwords[0].secret);
      await audit(page, `password-shown-${width}`);
      await shown.getByRole('button', { name: 'J’ai noté le mot de passe' }).click();
      await row(page, 'Ordinateur de la maison').getByText('Jamais utilisé').waitFor();
      assert.equal(await page.getByText(secret).count(), 0, 'the secret is shown once');
      await row(page, 'Ordinateur de la maison').getByRole('button', { name: /^Révoquer/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
      await page.getByText('Aucun mot de passe d’application pour l’instant.').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      filesMock.state.role = 'ENSEIGNANT';
      await context.close();
    }
  });
}

for (const width of MOCK_WIDTHS) {
  test(`files (mock): sharing, « Partagés avec moi » and drop boxes at ${width} px`, { skip: BOX }, async () => {
    filesMock.state.reset();
    const { context, page, problems } = await newPage(browser, width);
    try {
      await signIn(page, baseUrl, mockLogin, mockPassword);
      await openFiles(page);
      // the teacher shares a file of the class space with a pupil, read only
      await openSpace(page, 'Classe 5A');
      await rowAction(page, 'Emploi du temps.png', 'Partager');
      const share = page.getByRole('dialog', { name: 'Partager « Emploi du temps.png »' });
      await share.getByText('Ce n’est partagé avec personne pour l’instant.').waitFor();
      await share.getByRole('button', { name: 'Partager' }).click();
      await share.getByText('Choisissez au moins une personne, une classe ou un groupe.').waitFor();
      await share.getByLabel(/^Rechercher une personne/).fill('Léo');
      await share.getByRole('checkbox', { name: /Léo Marchand/ }).check();
      await share.getByText('1 destinataire choisi : Léo Marchand.').waitFor();
      await audit(page, `share-dialog-${width}`);
      await share.getByRole('button', { name: 'Partager' }).click();
      await page.getByText('« Emploi du temps.png » est partagé avec Léo Marchand (lecture seule).', { exact: true }).waitFor();
      assert.equal(filesMock.state.shares.filter((x) => !x.toMe).length, 1);
      // an earlier version of the same file comes back
      await rowAction(page, 'Emploi du temps.png', 'Versions précédentes');
      const versions = page.getByRole('dialog', { name: 'Versions de « Emploi du temps.png »' });
      await versions.getByText(/115 Ko, remplacée par Julien Dumas/).waitFor();
      await audit(page, `versions-${width}`);
      await versions.getByRole('button', { name: /^Restaurer la version/ }).click();
      await page.getByText('La version choisie de « Emploi du temps.png » est revenue ; celle d’avant est gardée dans les versions.', { exact: true }).waitFor();

      // a drop box for the class
      const nav = page.getByRole('navigation', { name: 'Espaces de documents' });
      await nav.getByRole('link', { name: 'Boîtes de dépôt' }).click();
      await page.getByRole('heading', { level: 2, name: 'Boîtes de dépôt' }).waitFor();
      await settled(page);
      await page.getByText('Aucune boîte de dépôt. Ouvrez-en une pour recevoir les devoirs de vos élèves.').waitFor();
      await page.getByRole('button', { name: 'Ouvrir une boîte de dépôt' }).click();
      const open = page.getByRole('dialog', { name: 'Ouvrir une boîte de dépôt' });
      await open.getByLabel('Devoir du cahier de textes (facultatif)').waitFor();
      await open.getByRole('button', { name: 'Ouvrir la boîte' }).click();
      await open.getByText('Donnez un titre à la boîte de dépôt.').waitFor();
      await open.getByLabel('Titre').fill('Rédaction : mon quartier');
      await open.getByLabel('Consignes (facultatif)').fill('Une page, en PDF.');
      await open.getByLabel('Date et heure limites').fill('2001-01-15T18:00');
      await open.getByRole('button', { name: 'Ouvrir la boîte' }).click();
      await open.getByText('Cette date est passée : choisissez une date à venir.').waitFor();
      await open.getByLabel('Date et heure limites').fill(`${new Date().getFullYear() + 1}-01-15T18:00`);
      await audit(page, `dropbox-open-${width}`);
      await open.getByRole('button', { name: 'Ouvrir la boîte' }).click();
      await row(page, 'Rédaction : mon quartier').waitFor();
      await page.getByText('0 rendu sur 3').waitFor();
      await audit(page, `dropboxes-teacher-${width}`);
      if (width === 360) await fitsWidth(page, 'drop boxes');
      const boxId = filesMock.state.boxes[0].id;

      // the pupil hands in, sees their file, then the teacher returns a corrected file
      filesMock.state.role = 'ELEVE';
      await openFiles(page, `depots/${boxId}`);
      await page.getByRole('heading', { level: 2, name: 'Rédaction : mon quartier' }).waitFor();
      await page.getByText('Vous n’avez encore rien déposé.').waitFor();
      await page.locator('.files-box input[type=file]').setInputFiles([{ name: 'rédaction.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') }]);
      await page.getByRole('button', { name: 'Déposer mon travail' }).click();
      await page.getByRole('link', { name: /rédaction\.pdf/ }).waitFor();
      await page.getByText('Rendu', { exact: true }).first().waitFor();
      await audit(page, `dropbox-pupil-${width}`);
      if (width === 360) await fitsWidth(page, 'a pupil\'s drop box');

      filesMock.state.role = 'ENSEIGNANT';
      await openFiles(page, `depots/${boxId}`);
      await page.getByText('1 rendu sur 3').waitFor();
      await page.getByRole('link', { name: 'Tout télécharger (zip)' }).waitFor();
      await page.getByRole('button', { name: 'Rendre un corrigé à Martin Camille' }).click();
      const back = page.getByRole('dialog', { name: 'Rendre un corrigé à Martin Camille' });
      await back.locator('input[type=file]').setInputFiles([{ name: 'corrigé.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') }]);
      await back.getByRole('button', { name: 'Envoyer le corrigé' }).click();
      await page.getByText('Le corrigé est rendu à Martin Camille.', { exact: true }).waitFor();
      await page.getByRole('link', { name: /corrigé\.pdf/ }).waitFor();
      await audit(page, `dropbox-teacher-${width}`);

      filesMock.state.role = 'ELEVE';
      await openFiles(page, `depots/${boxId}`);
      await page.getByRole('link', { name: /corrigé\.pdf/ }).waitFor();
      // what a teacher shared with the pupil
      await openSpace(page, 'Partagés avec moi');
      await page.getByText(/Partagé par Julien Dumas, lecture seule, jusqu’au/).waitFor();
      await row(page, 'Fiche de révision.pdf').waitFor();
      await audit(page, `shared-with-me-${width}`);
      if (width === 360) await fitsWidth(page, 'shared with me');
      assert.deepEqual(problems, []);
    } finally {
      filesMock.state.role = 'ENSEIGNANT';
      await context.close();
    }
  });
}

// ——— against the box: a teacher drops a file in the class space, a pupil of that class downloads it ———

test('files (box): a teacher uploads into a class space, a pupil of that class sees it and downloads it', {
  skip: !BOX || !process.env.TEACHER_LOGIN || !process.env.LOGIN,
}, async (t) => {
  const password = process.env.PASSWORD;
  const name = `Exercices fractions ${Date.now().toString(36)}.txt`;
  const content = `Exercices 3 à 5 page 42 — ${name}\n`;

  // 0. the pupil's class, as the files module names its space, and the pupil's name
  let classLabel;
  let pupilName;
  const group = `Club lecture ${Date.now().toString(36)}`;
  const first = await newPage(browser, 360);
  try {
    await signIn(first.page, baseUrl, process.env.LOGIN, password);
    const catalogue = await first.page.evaluate(() => fetch('/api/v1/catalogue', { credentials: 'same-origin' }).then((r) => r.json()));
    if (!catalogue.items.some((m) => m.id === 'files')) {
      t.skip('the files module is not installed on this box');
      return;
    }
    const spaces = await first.page.evaluate(() => fetch('/api/v1/files/espaces', { credentials: 'same-origin' }).then((r) => r.json()));
    classLabel = spaces.items.find((s) => s.kind === 'CLASSE' && /^Classe /.test(s.label))?.label;
    assert.ok(classLabel, `the pupil reaches a class space: ${JSON.stringify(spaces)}`);
    const me = await first.page.evaluate(() => fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.json()));
    pupilName = me.person.displayName;
  } finally {
    await first.context.close();
  }

  // 1. the teacher drops the file in that class's space, on a phone
  const teacher = await newPage(browser, 360);
  try {
    await signIn(teacher.page, baseUrl, process.env.TEACHER_LOGIN, password);
    await openFiles(teacher.page);
    await audit(teacher.page, 'box-teacher-home');
    await openSpace(teacher.page, classLabel);
    if (await teacher.page.locator('.files-upload').isHidden()) await teacher.page.getByRole('button', { name: 'Déposer des fichiers' }).click();
    await teacher.page.locator('.files-upload input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
    await teacher.page.getByRole('button', { name: 'Envoyer les fichiers' }).click();
    await teacher.page.getByText('Le fichier est déposé.').first().waitFor({ timeout: 20000 });
    await row(teacher.page, name).waitFor();
    await audit(teacher.page, 'box-teacher-uploaded');

    // a groupe de travail with the pupil, from the screen: its space opens, its members panel lists them
    await teacher.page.getByRole('button', { name: 'Nouveau groupe de travail' }).click();
    const create = teacher.page.getByRole('dialog', { name: 'Nouveau groupe de travail' });
    await create.getByLabel('Nom du groupe').fill(group);
    await create.getByLabel('Rechercher des membres').fill(pupilName.split(' ').pop());
    await create.getByRole('checkbox', { name: new RegExp(pupilName) }).check();
    await create.getByText(`1 membre choisi : ${pupilName}.`).waitFor();
    await audit(teacher.page, 'box-new-group');
    await create.getByRole('button', { name: 'Créer le groupe' }).click();
    await teacher.page.getByRole('heading', { level: 2, name: group }).waitFor({ timeout: 20000 });
    await settled(teacher.page);
    await teacher.page.getByRole('button', { name: `Membres du groupe de travail « ${group} »` }).click();
    const members = teacher.page.getByRole('dialog', { name: `Groupe de travail « ${group} »` });
    await members.getByText(new RegExp(`^2 membres : .*\\(créateur\\), ${pupilName}\\.$`)).waitFor();
    await audit(teacher.page, 'box-group-members');
    await members.getByRole('button', { name: 'Fermer' }).last().click();
    assert.deepEqual(teacher.problems, []);
  } finally {
    await teacher.context.close();
  }

  // 2. the pupil sees it in the class space, read only, and downloads it intact
  const pupil = await newPage(browser, 360);
  try {
    await signIn(pupil.page, baseUrl, process.env.LOGIN, password);
    await openFiles(pupil.page);
    await openSpace(pupil.page, classLabel);
    await pupil.page.getByText('Lecture seule', { exact: true }).waitFor();
    assert.equal(await pupil.page.getByRole('button', { name: 'Déposer des fichiers' }).count(), 0);
    await row(pupil.page, name).waitFor();
    await audit(pupil.page, 'box-pupil-class');
    // the teacher's new group is among the pupil's spaces
    await pupil.page.getByRole('navigation', { name: 'Espaces de documents' }).getByRole('link', { name: `Groupe de travail : ${group}` }).waitFor();
    const [download] = await Promise.all([
      pupil.page.waitForEvent('download'),
      pupil.page.getByRole('link', { name: new RegExp(name.replace(/[.()]/g, '\\$&')) }).click(),
    ]);
    assert.equal(download.suggestedFilename(), name);
    assert.equal(readFileSync(await download.path(), 'utf8'), content);
    assert.deepEqual(pupil.problems, []);
  } finally {
    await pupil.context.close();
  }
});

// ——— against the box: a drop box from the teacher to a pupil and back ———

/** `login`'s session in a page of its own at this width: `run(page)`, then no error may have shown in the page. */
async function asPerson(login, width, run) {
  const { context, page, problems } = await newPage(browser, width);
  try {
    await signIn(page, baseUrl, login, process.env.PASSWORD);
    const result = await run(page);
    assert.deepEqual(problems, [], `${login}: errors in the page`);
    return result;
  } finally {
    await context.close();
  }
}

test('files (box): a teacher opens a drop box, the pupil hands in, the teacher downloads the zip and returns a corrected file', {
  skip: !BOX || !process.env.TEACHER_LOGIN || !process.env.LOGIN,
}, async (t) => {
  const title = `Rédaction : mon quartier ${Date.now().toString(36)}`;
  const work = `rédaction-${Date.now().toString(36)}.txt`;
  const workLink = new RegExp(work.replace(/[.()]/g, '\\$&'));

  // 0. the pupil's class and name, as the box gives them to the pupil
  const facts = await asPerson(process.env.LOGIN, 360, (page) => page.evaluate(async () => {
    const catalogue = await fetch('/api/v1/catalogue').then((r) => r.json());
    if (!catalogue.items.some((m) => m.id === 'files')) return null;
    const spaces = await fetch('/api/v1/files/espaces').then((r) => r.json());
    const me = await fetch('/api/v1/me').then((r) => r.json());
    return { spaces, classLabel: spaces.items.find((s) => s.kind === 'CLASSE' && /^Classe /.test(s.label))?.label, pupilName: me.person.displayName };
  }));
  if (!facts) {
    t.skip('the files module is not installed on this box');
    return;
  }
  assert.ok(facts.classLabel, `the pupil reaches a class space: ${JSON.stringify(facts.spaces)}`);
  const classCode = facts.classLabel.replace(/^Classe /, '');
  const { pupilName } = facts;
  const openBoxes = async (page) => {
    await openFiles(page);
    await page.getByRole('navigation', { name: 'Espaces de documents' }).getByRole('link', { name: 'Boîtes de dépôt' }).click();
    await page.getByRole('heading', { level: 2, name: 'Boîtes de dépôt' }).waitFor();
    await settled(page);
  };
  const openBox = async (page) => {
    await openBoxes(page);
    await row(page, title).getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: title }).waitFor({ timeout: 20000 });
    await settled(page);
  };
  // the pupil's row in the teacher's table, whatever the order of the names
  const pupilRow = (page) => page.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: new RegExp(pupilName.split(' ').map((w) => `(?=.*${w})`).join(''), 'i') }),
  });

  // 1. the teacher opens a box for the pupil's class, due next year
  await asPerson(process.env.TEACHER_LOGIN, 1280, async (page) => {
    await openBoxes(page);
    await page.getByRole('button', { name: 'Ouvrir une boîte de dépôt' }).click();
    const open = page.getByRole('dialog', { name: 'Ouvrir une boîte de dépôt' });
    const division = open.getByLabel('Classe ou groupe');
    const option = await division.evaluate((select, code) => [...select.options].find((o) => o.label.replace(/^Classe /, '') === code)?.label, classCode);
    assert.ok(option, `the teacher's classes offer ${classCode}`);
    await division.selectOption({ label: option });
    await open.getByLabel('Titre').fill(title);
    await open.getByLabel('Consignes (facultatif)').fill('Une page, décrivez votre quartier.');
    await open.getByLabel('Date et heure limites').fill(`${new Date().getFullYear() + 1}-01-15T18:00`);
    await audit(page, 'box-dropbox-open');
    await open.getByRole('button', { name: 'Ouvrir la boîte' }).click();
    await row(page, title).waitFor({ timeout: 20000 });
  });

  // 2. the pupil hands in, on a phone, and sees only their own file
  await asPerson(process.env.LOGIN, 360, async (page) => {
    await openBox(page);
    await page.getByText('Vous n’avez encore rien déposé.').waitFor();
    await page.locator('.files-box input[type=file]').setInputFiles([{ name: work, mimeType: 'text/plain', buffer: Buffer.from('Mon quartier est calme.\n', 'utf8') }]);
    await page.getByRole('button', { name: 'Déposer mon travail' }).click();
    await page.getByRole('link', { name: workLink }).waitFor({ timeout: 20000 });
    await audit(page, 'box-dropbox-pupil');
  });

  // 3. the teacher sees the hand-in, downloads everything as a zip named by pupil, returns a corrected file
  await asPerson(process.env.TEACHER_LOGIN, 1280, async (page) => {
    await openBox(page);
    await page.getByText(/^1 rendu sur \d+/).waitFor();
    await pupilRow(page).getByRole('link', { name: workLink }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tout télécharger (zip)' }).click(),
    ]);
    const zip = readFileSync(await download.path());
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip');
    // the entries' names are stored as they are (UTF-8): the pupil's file, under a name of the pupil's
    const names = zip.toString('utf8');
    assert.ok(names.includes(work), `the pupil's file in the zip: ${download.suggestedFilename()}`);
    const last = pupilName.split(' ').find((w) => w === w.toUpperCase()) ?? pupilName.split(' ').pop();
    assert.ok(names.toLowerCase().includes(last.toLowerCase()), `the zip names the pupil (${last})`);
    await pupilRow(page).getByRole('button', { name: /^Rendre un corrigé à / }).click();
    const dialog = page.getByRole('dialog', { name: /^Rendre un corrigé à / });
    await dialog.locator('input[type=file]').setInputFiles([{ name: 'corrigé.txt', mimeType: 'text/plain', buffer: Buffer.from('Très bien : 16/20.\n', 'utf8') }]);
    await dialog.getByRole('button', { name: 'Envoyer le corrigé' }).click();
    await page.getByText(/^Le corrigé est rendu à /).first().waitFor({ timeout: 20000 });
    await pupilRow(page).getByRole('link', { name: /corrigé\.txt/ }).waitFor();
    await audit(page, 'box-dropbox-teacher');
  });

  // 4. the pupil finds the corrected file in the box
  await asPerson(process.env.LOGIN, 360, async (page) => {
    await openBox(page);
    await page.getByRole('link', { name: /corrigé\.txt/ }).waitFor();
  });
});

// ——— against the box: the direction shares a PDF with a teacher, who finds it by a word inside and lands on it ———

test('files (box): a teacher finds a PDF shared with them by a word inside it, and lands on it', {
  skip: !BOX || !process.env.TEACHER_LOGIN || !process.env.DIRECTION_LOGIN || !process.env.SHARED_PDF,
}, async (t) => {
  const password = process.env.PASSWORD;
  const name = 'Compte rendu du conseil pédagogique.pdf';

  // 1. the direction puts the PDF in her own documents and shares it with the teacher (her session, the box's REST)
  const head = await newPage(browser, 1280);
  try {
    await signIn(head.page, baseUrl, process.env.DIRECTION_LOGIN, password);
    const done = await head.page.evaluate(async ({ name, bytes, teacher }) => {
      const catalogue = await fetch('/api/v1/catalogue').then((r) => r.json());
      if (!catalogue.items.some((m) => m.id === 'files')) return { skip: true };
      const { csrfToken } = await fetch('/api/v1/auth/session').then((r) => r.json());
      const spaces = await fetch('/api/v1/files/espaces').then((r) => r.json());
      const perso = spaces.items.find((s) => s.kind === 'PERSO').id;
      const up = await fetch(`/api/v1/files/fichiers?espace=${encodeURIComponent(perso)}&nom=${encodeURIComponent(name)}`, {
        method: 'POST', headers: { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/pdf' }, body: new Uint8Array(bytes),
      });
      if (up.status !== 201) return { error: `upload: ${up.status} ${await up.text()}` };
      const node = await up.json();
      const choices = await fetch(`/api/v1/files/partages/destinataires?q=${encodeURIComponent(teacher)}`).then((r) => r.json());
      const to = choices.personnes[0];
      if (!to) return { error: `no such person to share with: ${JSON.stringify(choices)}` };
      const shared = await fetch('/api/v1/files/partages', {
        method: 'POST', headers: { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ noeud: node.id, destinataires: [{ type: 'PERSONNE', id: to.id }], ecriture: false }),
      });
      return shared.status === 201 ? { id: node.id } : { error: `share: ${shared.status} ${await shared.text()}` };
    }, { name, bytes: [...readFileSync(process.env.SHARED_PDF)], teacher: 'Dumas' });
    if (done.skip) {
      t.skip('the files module is not installed on this box');
      return;
    }
    assert.ok(done.id, done.error);
  } finally {
    await head.context.close();
  }

  // 2. the teacher types a word of the PDF (not of its name) in the header's search, follows the hit, and lands on the
  //    file in « Partagés avec moi », its row marked and its name under focus
  const teacher = await newPage(browser, 1280);
  try {
    await signIn(teacher.page, baseUrl, process.env.TEACHER_LOGIN, password);
    await teacher.page.goto(`${baseUrl}/#/profile`);
    const header = teacher.page.getByRole('search', { name: 'Recherche dans tout Préau' }).getByRole('searchbox');
    await header.fill('interdisciplinaire');
    await header.press('Enter');
    await teacher.page.getByRole('heading', { level: 1, name: 'Recherche' }).waitFor();
    const hit = teacher.page.getByRole('link', { name, exact: true });
    // the index has it within seconds of the share: ask again until it is there
    for (let i = 0; i < 10 && (await hit.count()) === 0; i++) {
      await teacher.page.getByRole('heading', { level: 2, name: /résultat/ }).waitFor();
      if ((await hit.count()) > 0) break;
      await teacher.page.waitForTimeout(1000);
      await teacher.page.getByRole('main').getByRole('searchbox', { name: 'Rechercher dans Préau' }).fill('interdisciplinaire');
      await teacher.page.getByRole('main').getByRole('button', { name: 'Rechercher' }).click();
    }
    await hit.waitFor({ timeout: 5000 });
    await teacher.page.getByText('Documents · Fichier').first().waitFor();
    assert.match(await teacher.page.locator('.hit-snippet mark').first().innerText(), /interdisciplinaire/i);
    await audit(teacher.page, 'box-search-hit');
    await hit.click();
    await teacher.page.getByRole('heading', { level: 2, name: 'Partagés avec moi' }).waitFor({ timeout: 20000 });
    await settled(teacher.page);
    const found = teacher.page.locator('tr.is-found');
    await found.waitFor();
    assert.match(await found.innerText(), /Compte rendu du conseil pédagogique\.pdf/);
    assert.equal(await teacher.page.evaluate(() => document.activeElement?.closest('tr')?.classList.contains('is-found')), true,
      'the file found has the focus');
    assert.match(teacher.page.url(), /#\/module\/files\/espace\/partage/);
    await audit(teacher.page, 'box-search-landed');
    assert.deepEqual(teacher.problems, []);
  } finally {
    await teacher.context.close();
  }
});
