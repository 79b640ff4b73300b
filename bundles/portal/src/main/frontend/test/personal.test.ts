import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avatarProblem, badgeCount, chooseDisplayPrefs, favouriteLabel, initials, orderByFavourites, pageViewId, unreadText } from '../src/personal.js';
import type { CatalogueItem } from '../src/types.js';

const item = (id: string, order: number): CatalogueItem =>
  ({ id, name: id.toUpperCase(), description: '', icon: 'book-open', entryPoint: `/modules/${id}/index.js`, order });

test('favourites come first, in the order they were pinned; the rest keeps the catalogue order', () => {
  const items = [item('cahier', 10), item('mail', 20), item('docs', 30), item('agenda', 40)];
  assert.deepEqual(orderByFavourites(items, ['docs', 'cahier']).map((m) => m.id), ['docs', 'cahier', 'mail', 'agenda']);
  assert.deepEqual(orderByFavourites(items, []).map((m) => m.id), ['cahier', 'mail', 'docs', 'agenda']);
  assert.deepEqual(orderByFavourites(items, ['gone', 'agenda']).map((m) => m.id), ['agenda', 'cahier', 'mail', 'docs'],
    'a favourite of a module no longer there is ignored');
});

test('the star says what a press does', () => {
  assert.equal(favouriteLabel('Messagerie', false), 'Ajouter Messagerie aux favoris');
  assert.equal(favouriteLabel('Messagerie', true), 'Retirer Messagerie des favoris');
});

test('initials stand in for a missing photo', () => {
  assert.equal(initials('Léa Durand'), 'LD');
  assert.equal(initials('  élodie   de la Tour '), 'ÉT');
  assert.equal(initials('Référent'), 'R');
  assert.equal(initials(''), '?');
});

test('unread counts in words', () => {
  assert.equal(unreadText(0), 'Aucune nouveauté non lue');
  assert.equal(unreadText(1), '1 nouveauté non lue');
  assert.equal(unreadText(4), '4 nouveautés non lues');
  assert.equal(badgeCount(7), '7');
  assert.equal(badgeCount(120), '99+');
});

test('preferences saved on the box win over this device; otherwise this device keeps its own', () => {
  const local = { contrast: true, large: false };
  assert.deepEqual(chooseDisplayPrefs({ contrast: false, large: true, saved: true }, local), { contrast: false, large: true });
  assert.deepEqual(chooseDisplayPrefs({ contrast: false, large: false, saved: false }, local), local);
  assert.deepEqual(chooseDisplayPrefs(null, local), local);
});

test('a photo is PNG or JPEG and at most 1 MB before it is sent', () => {
  assert.equal(avatarProblem({ size: 2000, type: 'image/png', name: 'moi.png' }), null);
  assert.equal(avatarProblem({ size: 2000, type: '', name: 'moi.JPG' }), null);
  assert.match(avatarProblem({ size: 2000, type: 'image/gif', name: 'moi.gif' })!, /PNG ou JPEG/);
  assert.match(avatarProblem({ size: 2_000_000, type: 'image/jpeg', name: 'moi.jpg' })!, /1 Mo/);
  assert.match(avatarProblem({ size: 0, type: 'image/png', name: 'vide.png' })!, /vide/);
});

test('the pages counted in the statistics: the main pages and the modules, nothing else', () => {
  assert.equal(pageViewId({ name: 'home', params: {} }), 'accueil');
  assert.equal(pageViewId({ name: 'console', params: { section: 'statistiques' } }), 'console');
  assert.equal(pageViewId({ name: 'module', params: { id: 'cahier' } }), 'module/cahier');
  assert.equal(pageViewId({ name: 'login', params: {} }), null);
  assert.equal(pageViewId({ name: 'notFound', params: {} }), null);
});
