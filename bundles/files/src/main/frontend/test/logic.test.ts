import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  breadcrumb, checkName, groupOf, membersSummary, spaceName, daysLeft, deadlineText, formatBytes, handInCount, handInState, hasPreview, insideItself, kindOf, loadErrorMessage, localToIso,
  nextPiece, parentOf, parsePath, pathOf, previewAlt, problemMessage, purgeText, quotaText, resumable, retryDelay, shareRights, todayIso, uploadSummary,
} from '../src/logic.js';

test('sizes are worded as the box words them (Quotas.human)', () => {
  assert.equal(formatBytes(0), '0 octet');
  assert.equal(formatBytes(1), '1 octet');
  assert.equal(formatBytes(12), '12 octets');
  assert.equal(formatBytes(1023), '1023 octets');
  assert.equal(formatBytes(1024), '1,0 Ko');
  assert.equal(formatBytes(1536), '1,5 Ko');
  assert.equal(formatBytes(1_600_000), '1,5 Mo');
  assert.equal(formatBytes(200 * 1024 * 1024), '200 Mo');
  assert.equal(formatBytes(2 * 1024 ** 3), '2,0 Go');
  assert.equal(formatBytes(5 * 1024 ** 5), '5120 To');
  assert.equal(formatBytes(-5), '0 octet');
  assert.equal(formatBytes(Number.NaN), '0 octet');
});

test('addresses of the views parse and are built back', () => {
  assert.deepEqual(parsePath(''), { view: 'folder', space: null, folder: null });
  assert.deepEqual(parsePath(undefined), { view: 'folder', space: null, folder: null });
  assert.deepEqual(parsePath('espace/perso:p-0001'), { view: 'folder', space: 'perso:p-0001', folder: null });
  assert.deepEqual(parsePath('espace/classe:0999999Z:CLASSE:5A/dossier/12'), { view: 'folder', space: 'classe:0999999Z:CLASSE:5A', folder: '12' });
  assert.deepEqual(parsePath('espace/etab:0999999Z/corbeille'), { view: 'trash', space: 'etab:0999999Z' });
  assert.deepEqual(parsePath('mots-de-passe'), { view: 'passwords' });
  assert.deepEqual(parsePath('ouvrir/42'), { view: 'open', node: '42' });
  assert.deepEqual(parsePath('espace/classe:0999999Z:CLASSE:5A/dossier/12/'), { view: 'folder', space: 'classe:0999999Z:CLASSE:5A', folder: '12' });
  for (const bad of ['dossier/12', 'espace', 'espace/inconnu:1', 'espace/perso:p1/dossier/abc', 'espace/perso:p1/dossier', 'espace/perso:p1/x/1', 'mots-de-passe/2', 'ouvrir', 'ouvrir/abc',
    'ouvrir/1/2']) {
    assert.deepEqual(parsePath(bad), { view: 'unknown' }, bad);
  }
  for (const p of ['', 'espace/perso:p1', 'espace/perso:p1/dossier/7', 'espace/profs:0999999Z/corbeille', 'mots-de-passe', 'ouvrir/42']) {
    assert.equal(pathOf(parsePath(p)), p);
  }
});

test('the breadcrumb goes from the space down to the folder shown, the last one current', () => {
  const space = { id: 'perso:p1', label: 'Mes documents' };
  assert.deepEqual(breadcrumb(space, []), [{ label: 'Mes documents', path: 'espace/perso:p1', current: true }]);
  assert.deepEqual(breadcrumb(space, [{ id: '3', name: 'Cours' }, { id: '9', name: 'Fractions' }]), [
    { label: 'Mes documents', path: 'espace/perso:p1', current: false },
    { label: 'Cours', path: 'espace/perso:p1/dossier/3', current: false },
    { label: 'Fractions', path: 'espace/perso:p1/dossier/9', current: true },
  ]);
  assert.equal(parentOf([]), null);
  assert.equal(parentOf([{ id: '3', name: 'Cours' }]), '');
  assert.equal(parentOf([{ id: '3', name: 'Cours' }, { id: '9', name: 'Fractions' }]), '3');
  assert.equal(insideItself('3', [{ id: '3', name: 'Cours' }, { id: '9', name: 'Fractions' }]), true);
  assert.equal(insideItself('4', [{ id: '3', name: 'Cours' }]), false);
});

test('each kind of file has its icon and its words', () => {
  const k = (name: string, type: string | null = null, folder = false) => kindOf({ name, type, folder });
  assert.deepEqual(k('Cours', null, true), { icon: 'folder', label: 'Dossier' });
  assert.equal(k('exercices.PDF').label, 'PDF');
  assert.equal(k('photo.jpeg').icon, 'file-image');
  assert.equal(k('scan', 'image/png').icon, 'file-image');
  assert.equal(k('notes.ods').icon, 'file-spreadsheet');
  assert.equal(k('exposé.pptx').icon, 'presentation');
  assert.equal(k('rédaction.docx').label, 'Document texte');
  assert.equal(k('chanson.mp3').label, 'Son');
  assert.equal(k('film.webm').label, 'Vidéo');
  assert.equal(k('projet.zip').icon, 'file-archive');
  assert.deepEqual(k('données.bin', 'application/octet-stream'), { icon: 'file', label: 'Fichier' });
});

test('names are checked as the box checks them (Names.java)', () => {
  assert.equal(checkName('Séquence 3.pdf'), null);
  assert.equal(checkName('  '), 'Donnez un nom au fichier ou au dossier.');
  assert.match(checkName('a/b') ?? '', /ne peut contenir/);
  assert.match(checkName('que?') ?? '', /ne peut contenir/);
  assert.match(checkName('fin.') ?? '', /finir par un point/);
  assert.match(checkName(' début') ?? '', /commencer par une espace/);
  assert.match(checkName('..') ?? '', /ne peut pas servir de nom/);
  assert.match(checkName('con.txt') ?? '', /réservé par Windows/);
  assert.match(checkName('COM1') ?? '', /réservé par Windows/);
  assert.equal(checkName('CONSOLE.txt'), null);
  assert.equal(checkName('é'.repeat(127)), null, '254 bytes');
  assert.match(checkName('é'.repeat(128)) ?? '', /trop long/, '256 bytes');
});

test('errors: the box’s French title first, else a sentence by status', () => {
  const quota = { status: 507, code: 'quota-exceeded', title: 'Espace plein : il reste 1,0 Mo et il faudrait 2,0 Mo. Videz la corbeille ou supprimez des fichiers.' };
  assert.equal(problemMessage(quota), quota.title);
  assert.equal(problemMessage({ status: 413, code: 'file-too-large', title: 'Ce fichier dépasse la taille maximale d\'un fichier (1,0 Go).' }),
    'Ce fichier dépasse la taille maximale d\'un fichier (1,0 Go).');
  // a proxy's 413 page: the shell's vague sentence is replaced by ours
  assert.match(problemMessage({ status: 413, code: '', title: 'Ce que vous envoyez est trop volumineux.' }), /trop gros pour la box/);
  assert.match(problemMessage({ status: 507, code: '', title: 'Une erreur est survenue sur le serveur. Réessayez.' }), /^Espace plein/);
  assert.match(problemMessage({ status: 0, code: 'network', title: 'Le serveur ne répond pas.' }), /ne répondent pas/);
  assert.match(problemMessage(new Error('boom')), /Une erreur est survenue/);
  assert.match(problemMessage({ status: 500, code: '', title: '' }), /Une erreur est survenue/);
  assert.equal(loadErrorMessage({ status: 404, code: 'file-not-found', title: 'x' }, 'folder'), 'Ce dossier n’existe pas (ou plus), ou ne vous est pas ouvert.');
  assert.equal(loadErrorMessage({ status: 404, code: 'space-not-found', title: 'x' }, 'folder'), 'Cet espace n’existe pas ou ne vous est pas ouvert.');
  assert.match(loadErrorMessage({ status: 403, code: 'read-only-space', title: 'x' }, 'trash'), /^Cette corbeille/);
  assert.equal(loadErrorMessage({ status: 500, code: '', title: 'Panne.' }, 'folder'), 'Panne.');
});

test('the quota is said in words, with the trash and a warning near the top', () => {
  const base = { used: 12_900_000, trash: 0, limit: 200 * 1024 * 1024, usedLabel: '12,3 Mo', limitLabel: '200 Mo', percent: 6 };
  assert.deepEqual(quotaText(base), { sentence: '12,3 Mo utilisés sur 200 Mo (6 %)', trash: null, level: 'ok', percent: 6, warning: null });
  const high = quotaText({ ...base, used: 190 * 1024 * 1024, usedLabel: '190 Mo', trash: 1536, percent: 95 });
  assert.equal(high.level, 'high');
  assert.equal(high.trash, 'dont 1,5 Ko dans la corbeille');
  assert.equal(high.warning, 'Cet espace est presque plein : il reste 10,0 Mo.');
  const full = quotaText({ ...base, used: base.limit, percent: 100 });
  assert.equal(full.level, 'full');
  assert.match(full.warning ?? '', /^Cet espace est plein/);
});

test('the trash says how long before things are erased for good', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  assert.equal(daysLeft('2026-12-07T09:00:00Z', now), 30);
  assert.equal(daysLeft('2026-11-08T11:00:00Z', now), 2);
  assert.equal(daysLeft('2026-11-07T11:00:00Z', now), 1);
  assert.equal(daysLeft('2026-11-01T00:00:00Z', now), 0);
  assert.equal(purgeText(0), 'Effacé pour de bon aujourd’hui');
  assert.equal(purgeText(1), 'Effacé pour de bon demain');
  assert.equal(purgeText(12), 'Effacé pour de bon dans 12 jours');
});

test('after an upload: how many went, and each refusal with its reason', () => {
  const f = (name: string) => ({ name });
  assert.deepEqual(uploadSummary([{ ok: true, file: f('a.pdf') }]), { kind: 'success', message: 'Le fichier est déposé.', failures: [] });
  assert.equal(uploadSummary([{ ok: true, file: f('a') }, { ok: true, file: f('b') }, { ok: true, file: f('c') }]).message, 'Les 3 fichiers sont déposés.');
  const mixed = uploadSummary([{ ok: true, file: f('a') }, { ok: true, file: f('b') }, { ok: false, file: f('gros.zip'), error: 'Espace plein.' }]);
  assert.equal(mixed.kind, 'warning');
  assert.equal(mixed.message, '2 fichiers déposés ; 1 n’a pas pu l’être.');
  assert.deepEqual(mixed.failures, ['« gros.zip » : Espace plein.']);
  const none = uploadSummary([{ ok: false, file: f('x') }, { ok: false, file: f('y'), error: 'Trop gros.' }]);
  assert.equal(none.kind, 'error');
  assert.equal(none.message, 'Aucun des 2 fichiers n’a pu être déposé.');
  assert.deepEqual(none.failures, ['« x » : l’envoi a échoué.', '« y » : Trop gros.']);
});

test('the drop boxes and « Partagés avec moi » have their addresses', () => {
  assert.deepEqual(parsePath('depots'), { view: 'dropboxes' });
  assert.deepEqual(parsePath('depots/42'), { view: 'dropbox', box: '42' });
  assert.deepEqual(parsePath('depots/x'), { view: 'unknown' });
  assert.deepEqual(parsePath('depots/42/autre'), { view: 'unknown' });
  assert.deepEqual(parsePath('espace/partage:p1/dossier/7'), { view: 'folder', space: 'partage:p1', folder: '7' });
  for (const p of ['depots', 'depots/42', 'espace/partage:p1']) assert.equal(pathOf(parsePath(p)), p);
});

test('a share says its rights and its last day', () => {
  const day = (iso: string) => `[${iso}]`;
  assert.equal(shareRights(false, null, day), 'lecture seule');
  assert.equal(shareRights(true, '2026-12-20', day), 'lecture et modification, jusqu’au [2026-12-20] inclus');
  assert.equal(todayIso(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
});

test('a deadline is said as people say it', () => {
  const now = new Date(2026, 10, 16, 9, 0);
  assert.equal(deadlineText(new Date(2026, 10, 16, 9, 20).toISOString(), now), 'dans 20 minutes');
  assert.equal(deadlineText(new Date(2026, 10, 16, 9, 0, 30).toISOString(), now), 'dans 1 minute');
  assert.equal(deadlineText(new Date(2026, 10, 16, 14, 0).toISOString(), now), 'dans 5 heures');
  assert.equal(deadlineText(new Date(2026, 10, 17, 18, 0).toISOString(), now), 'demain');
  assert.equal(deadlineText(new Date(2026, 10, 19, 18, 0).toISOString(), now), 'dans 3 jours');
  assert.equal(deadlineText(new Date(2026, 10, 16, 8, 59).toISOString(), now), 'date limite passée');
  assert.equal(deadlineText('pas une date', now), '');
});

test('where a pupil stands in a drop box is worded, never by colour alone', () => {
  assert.equal(handInState(true, false, true).label, 'Rendu');
  assert.equal(handInState(true, true, false).label, 'Rendu en retard');
  assert.equal(handInState(false, false, true).label, 'Pas encore rendu');
  assert.equal(handInState(false, false, false).label, 'Non rendu');
  assert.equal(handInCount(12, 28, 2), '12 rendus sur 28, dont 2 en retard');
  assert.equal(handInCount(1, 28, 0), '1 rendu sur 28');
  assert.equal(handInCount(0, 0, 0), '0 rendu sur 0');
});

test('a local date and time becomes the instant the box wants', () => {
  assert.equal(localToIso('2026-11-20T18:00'), new Date(2026, 10, 20, 18, 0).toISOString());
  assert.equal(localToIso(''), null);
  assert.equal(localToIso('2026-11-20'), null);
  assert.equal(localToIso('2026-13-45T99:99'), null);
});

test('images and PDFs have a preview, worded for those who do not see it', () => {
  assert.equal(hasPreview({ folder: false, type: 'image/png' }), true);
  assert.equal(hasPreview({ folder: false, type: 'application/pdf' }), true);
  assert.equal(hasPreview({ folder: false, type: 'text/plain' }), false);
  assert.equal(hasPreview({ folder: false, type: null }), false);
  assert.equal(hasPreview({ folder: true, type: 'image/png' }), false);
  assert.equal(previewAlt({ name: 'cours.pdf', type: 'application/pdf' }), 'Première page de « cours.pdf »');
  assert.equal(previewAlt({ name: 'volcan.jpg', type: 'image/jpeg' }), 'Aperçu de l’image « volcan.jpg »');
});

test('a big file goes in pieces from where the box stands, and only cuts are tried again', () => {
  assert.deepEqual(nextPiece(0, 10, 4), { start: 0, end: 4 });
  assert.deepEqual(nextPiece(8, 10, 4), { start: 8, end: 10 });
  assert.deepEqual(nextPiece(12, 10, 4), { start: 10, end: 10 });
  assert.equal(retryDelay(1), 1000);
  assert.equal(retryDelay(3), 4000);
  assert.equal(retryDelay(20), 30_000);
  assert.equal(resumable({ status: 0, code: 'network' }), true);
  assert.equal(resumable({ status: 409, code: 'upload-offset-mismatch' }), true);
  assert.equal(resumable({ status: 503, code: 'x' }), true);
  assert.equal(resumable({ status: 507, code: 'quota-exceeded' }), false);
  assert.equal(resumable({ status: 413, code: 'upload-too-long' }), false);
  assert.equal(resumable(new Error('bug')), false);
});

test('groupes de travail: their space, their name for screen readers, their members in words', () => {
  assert.deepEqual(parsePath('espace/travail:12/dossier/3'), { view: 'folder', space: 'travail:12', folder: '3' });
  assert.equal(groupOf('travail:12'), '12');
  assert.equal(groupOf('travail:'), null);
  assert.equal(groupOf('perso:p1'), null);
  assert.equal(groupOf(null), null);
  assert.equal(spaceName({ kind: 'GROUPE_TRAVAIL', label: 'Projet théâtre' }), 'Groupe de travail : Projet théâtre');
  assert.equal(spaceName({ kind: 'CLASSE', label: 'Classe 5A' }), 'Classe 5A');
  assert.equal(membersSummary([]), 'Aucun membre.');
  assert.equal(membersSummary([{ label: 'Julien Dumas', createur: true }]), '1 membre : Julien Dumas (créateur).');
  assert.equal(membersSummary([{ label: 'Julien Dumas', createur: true }, { label: 'Léo Marchand', createur: false }]),
    '2 membres : Julien Dumas (créateur), Léo Marchand.');
});
