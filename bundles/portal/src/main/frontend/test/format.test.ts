import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstName, plural, relativeDay } from '../src/format.js';

test('dates read as people say them', () => {
  const now = new Date(2026, 11, 4, 15, 0); // jeudi 4 décembre 2026
  assert.equal(relativeDay(new Date(2026, 11, 4, 14, 59, 30), now), "à l'instant");
  assert.equal(relativeDay(new Date(2026, 11, 4, 14, 55), now), 'il y a 5 minutes');
  assert.equal(relativeDay(new Date(2026, 11, 4, 9, 5), now), "aujourd'hui à 9 h 05");
  assert.equal(relativeDay(new Date(2026, 11, 3, 18, 30), now), 'hier à 18 h 30');
  assert.equal(relativeDay(new Date(2026, 11, 1, 8, 0), now), 'il y a 3 jours');
  assert.equal(relativeDay(new Date(2026, 10, 20, 8, 0), now), 'vendredi 20 novembre');
});

test('greeting and plurals', () => {
  assert.equal(firstName('Camille Martin'), 'Camille');
  assert.equal(firstName('  Léa  '), 'Léa');
  assert.equal(plural(1, 'résultat', 'résultats'), '1 résultat');
  assert.equal(plural(3, 'résultat', 'résultats'), '3 résultats');
});
