import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addRecipient, chipLabel, hasNext, hasPrevious, looksLikeAddress, nextOffset, pageStatus, parseDeepLink, previousOffset, quotaView, recipientsLabel,
  splitRecipients, suggestionStatus, summaryLabel, textToHtml, unreadLabel, who, messageBody, emptyFolderText, splitImageMarkers, remoteImagesText,
} from '../src/logic.js';

test('a deep link names a folder and a message', () => {
  assert.deepEqual(parseDeepLink('INBOX/12'), { folder: 'INBOX', uid: 12 });
  assert.deepEqual(parseDeepLink('Sent/3'), { folder: 'Sent', uid: 3 });
  assert.equal(parseDeepLink(''), null);
  assert.equal(parseDeepLink(undefined), null);
  assert.equal(parseDeepLink('INBOX'), null);
  assert.equal(parseDeepLink('INBOX/0'), null);
  assert.equal(parseDeepLink('INBOX/abc'), null);
});

test('paging: status, previous and next', () => {
  assert.equal(pageStatus(0, 0, 0), 'Aucun message dans ce dossier.');
  assert.equal(pageStatus(0, 1, 1), '1 message.');
  assert.equal(pageStatus(25, 25, 73), 'Messages 26 à 50 sur 73.');
  assert.equal(hasPrevious(0), false);
  assert.equal(hasPrevious(25), true);
  assert.equal(hasNext(50, 23, 73), false);
  assert.equal(hasNext(25, 25, 73), true);
  assert.equal(previousOffset(10), 0);
  assert.equal(previousOffset(50), 25);
  assert.equal(nextOffset(25), 50);
});

test('names: the name, else the address; lists shortened', () => {
  assert.equal(who({ name: 'Julien Dumas', address: 'julien.dumas@x.fr' }), 'Julien Dumas');
  assert.equal(who({ name: '', address: 'prof@example.org' }), 'prof@example.org');
  assert.equal(who(null), 'Expéditeur inconnu');
  const c = (n: string) => ({ name: n, address: `${n}@x.fr` });
  assert.equal(recipientsLabel([]), '(aucun destinataire)');
  assert.equal(recipientsLabel([c('A'), c('B')]), 'A et B');
  assert.equal(recipientsLabel([c('A'), c('B'), c('C')]), 'A, B et 1 autre');
  assert.equal(recipientsLabel([c('A'), c('B'), c('C'), c('D')]), 'A, B et 2 autres');
  assert.equal(unreadLabel(0), '');
  assert.equal(unreadLabel(1), '1 non lu');
  assert.equal(unreadLabel(4), '4 non lus');
});

test('a list row says everything in one sentence', () => {
  const s = { uid: 1, from: { name: 'Julien Dumas', address: 'j@x.fr' }, to: [{ name: 'Léo', address: 'l@x.fr' }], subject: 'Devoir',
    date: null, size: 10, seen: false, flagged: true, attachments: true };
  assert.equal(summaryLabel(s, false, 'aujourd’hui à 08 h 30'), 'Non lu. De Julien Dumas. Devoir. aujourd’hui à 08 h 30. Avec pièce jointe. Suivi.');
  assert.equal(summaryLabel({ ...s, seen: true, flagged: false, attachments: false, subject: '' }, true, ''), 'À Léo. (sans objet).');
});

test('recipients: split, checked, without duplicates', () => {
  assert.deepEqual(splitRecipients('a@x.fr, Dumas, Julien <j@x.fr>; b@x.fr'), ['a@x.fr', 'Dumas', 'Julien <j@x.fr>', 'b@x.fr']);
  assert.deepEqual(splitRecipients('"Nom" <n@x.fr>,'), ['"Nom" <n@x.fr>']);
  assert.equal(looksLikeAddress('leo.marchand@0999999z.preau.invalid'), true);
  assert.equal(looksLikeAddress('Léo Marchand <leo.marchand@x.fr>'), true);
  assert.equal(looksLikeAddress('leo'), false);
  assert.equal(looksLikeAddress('leo@'), false);
  assert.deepEqual(addRecipient(['Léo <LEO@x.fr>'], 'leo@x.fr'), ['Léo <LEO@x.fr>']);
  assert.deepEqual(addRecipient(['leo@x.fr'], ' j@x.fr '), ['leo@x.fr', 'j@x.fr']);
});

test('a quoted text becomes escaped paragraphs for the editor', () => {
  assert.equal(textToHtml('Bonjour\n\nLe 3, X a écrit :\n> <b>un</b> & deux'), '<p>Bonjour</p><p>Le 3, X a écrit :<br>&gt; &lt;b&gt;un&lt;/b&gt; &amp; deux</p>');
});

test('a chosen recipient shows the name, else the address', () => {
  assert.equal(chipLabel('Julien Dumas <julien.dumas@x.fr>'), 'Julien Dumas');
  assert.equal(chipLabel('"Dumas, Julien" <julien.dumas@x.fr>'), 'Dumas, Julien');
  assert.equal(chipLabel(' <j@x.fr>'), 'j@x.fr');
  assert.equal(chipLabel('J@X.fr'), 'j@x.fr');
});

test('the suggestions are announced with their counts', () => {
  assert.equal(suggestionStatus(0, 0), 'Personne de votre carnet d’adresses ne correspond.');
  assert.equal(suggestionStatus(1, 0), '1 personne trouvée.');
  assert.equal(suggestionStatus(3, 0), '3 personnes trouvées.');
  assert.equal(suggestionStatus(0, 1), '1 liste trouvée.');
  assert.equal(suggestionStatus(1, 1), '1 personne et 1 liste trouvées.');
  assert.equal(suggestionStatus(2, 3), '2 personnes et 3 listes trouvées.');
});

test('the mailbox room: used of the limit, a warning near the end, nothing to fill without a limit', () => {
  const size = (n: number) => `${Math.round(n / 1048576)} Mo`;
  const mb = 1048576;
  assert.deepEqual(quotaView({ used: 12 * mb, limit: 200 * mb }, size), { sentence: '12 Mo utilisés sur 200 Mo', percent: 6, warning: null, full: false });
  const high = quotaView({ used: 190 * mb, limit: 200 * mb }, size);
  assert.equal(high.percent, 95);
  assert.equal(high.warning, 'Votre boîte aux lettres est presque pleine : il reste 10 Mo.');
  const full = quotaView({ used: 200 * mb, limit: 200 * mb }, size);
  assert.equal(full.full, true);
  assert.match(full.warning ?? '', /^Votre boîte aux lettres est pleine/);
  assert.deepEqual(quotaView({ used: 3 * mb, limit: null }, size), { sentence: '3 Mo utilisés', percent: null, warning: null, full: false });
});

test('the compose form sends the draft it edits and the draft attachments it keeps', () => {
  const plain = messageBody({ to: ['a@b.fr'], cc: [], subject: 'S', html: '<p>x</p>', uploads: ['u1'], draftParts: [] });
  assert.equal(plain.draft, undefined);
  assert.equal(plain.draftAttachments, undefined);
  assert.deepEqual(plain.attachments, ['u1']);
  const editing = messageBody({ to: [], cc: [], subject: '', html: '', uploads: [], draft: 7,
    draftParts: [{ index: 2, name: 'plan.pdf', type: 'application/pdf', size: 10 }] });
  assert.equal(editing.draft, 7);
  assert.deepEqual(editing.draftAttachments, [2]);
});

test('each folder says what to do when it is empty', () => {
  assert.match(emptyFolderText('Drafts', ''), /^Aucun brouillon\. .*« Enregistrer le brouillon »/);
  assert.equal(emptyFolderText('Trash', ''), 'La corbeille est vide.');
  assert.equal(emptyFolderText('INBOX', 'sortie'), 'Aucun message de ce dossier ne contient « sortie ».');
});

test('remote images: markers split out of the text, and the sentence that says they are hidden', () => {
  assert.deepEqual(splitImageMarkers('Avant\u27E6image:0\u27E7 et \u27E6image:12\u27E7'), ['Avant', 0, ' et ', 12]);
  assert.deepEqual(splitImageMarkers('Rien ici'), ['Rien ici']);
  assert.deepEqual(splitImageMarkers('[image:1]'), ['[image:1]']);
  assert.match(remoteImagesText(1), /^Ce message contient une image distante, masquée pour protéger votre vie privée/);
  assert.match(remoteImagesText(3), /^Ce message contient 3 images distantes, masquées/);
});
