import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hrefFor, matchRoute } from '../src/router.js';

const ROUTES = [
  { name: 'home', path: '/' },
  { name: 'login', path: '/login' },
  { name: 'module', path: '/module/:id' },
];

test('matches the home, static and parameterised routes', () => {
  assert.deepEqual(matchRoute('', ROUTES), { name: 'home', params: {} });
  assert.deepEqual(matchRoute('#/', ROUTES), { name: 'home', params: {} });
  assert.deepEqual(matchRoute('#/login', ROUTES), { name: 'login', params: {} });
  assert.deepEqual(matchRoute('#/login/', ROUTES), { name: 'login', params: {} });
  assert.deepEqual(matchRoute('#/module/cahier', ROUTES), { name: 'module', params: { id: 'cahier' } });
  assert.deepEqual(matchRoute('#/module/vie%20scolaire?x=1', ROUTES), { name: 'module', params: { id: 'vie scolaire' } });
});

test('unknown or malformed paths are notFound', () => {
  assert.equal(matchRoute('#/nope', ROUTES).name, 'notFound');
  assert.equal(matchRoute('#/module', ROUTES).name, 'notFound');
  assert.equal(matchRoute('#/module/a/b', ROUTES).name, 'notFound');
  assert.equal(matchRoute('#/module/%E0%A4%A', ROUTES).name, 'notFound');
});

test('hrefFor encodes parameters', () => {
  assert.equal(hrefFor('/module/:id', { id: 'a b' }), '#/module/a%20b');
  assert.equal(matchRoute(hrefFor('/module/:id', { id: 'é/x' }), ROUTES).params.id, 'é/x');
});

test('a final * takes the rest of the path, none included', () => {
  const routes = [{ name: 'home', path: '/' }, { name: 'module', path: '/module/:id/*' }];
  assert.deepEqual(matchRoute('#/module/cahier', routes), { name: 'module', params: { id: 'cahier', '*': '' } });
  assert.deepEqual(matchRoute('#/module/cahier/devoir/12', routes), { name: 'module', params: { id: 'cahier', '*': 'devoir/12' } });
  assert.deepEqual(matchRoute('#/module/cahier/semaine/2026-12-07/?x=1', routes), { name: 'module', params: { id: 'cahier', '*': 'semaine/2026-12-07' } });
  assert.equal(matchRoute('#/module/cahier/a%20b', routes).params['*'], 'a b');
  assert.equal(matchRoute('#/module', routes).name, 'notFound');
  assert.equal(matchRoute('#/module/cahier/%E0%A4%A', routes).name, 'notFound');
  assert.equal(matchRoute('#/', routes).name, 'home');
});
