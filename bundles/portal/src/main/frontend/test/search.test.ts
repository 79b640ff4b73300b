import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryOf, searchHref } from '../src/pages/search.js';

test('the results page reads its words from the address and gives them back', () => {
  assert.equal(queryOf('#/recherche?q=l%E2%80%99exercice%20de%20maths'), 'l’exercice de maths');
  assert.equal(queryOf('#/recherche?q=fractions+5A'), 'fractions 5A');
  assert.equal(queryOf('#/recherche'), '');
  assert.equal(queryOf('#/recherche?x=1'), '');
  assert.equal(queryOf(`#/recherche?q=${'a'.repeat(500)}`).length, 200);
  assert.equal(searchHref('  élève  '), '#/recherche?q=%C3%A9l%C3%A8ve');
  assert.equal(searchHref('   '), '#/recherche');
  assert.equal(queryOf(searchHref('a&b=c #d')), 'a&b=c #d');
});
