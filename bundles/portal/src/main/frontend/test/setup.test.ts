import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishTarget, SETUP_STEPS, stepLabel } from '../src/pages/setup.js';

test('each step of the set-up says where the referent is', () => {
  assert.equal(SETUP_STEPS.length, 3);
  assert.equal(stepLabel(1), 'Étape 1 sur 3 : Le référent');
  assert.equal(stepLabel(2), "Étape 2 sur 3 : L'annuaire de l'académie");
  assert.equal(stepLabel(3), "Étape 3 sur 3 : Les mises à jour de l'académie");
});

test('the end of the set-up leads to the import page when the annuaire comes by files', () => {
  assert.equal(finishTarget('files'), '#/console/imports');
  assert.equal(finishTarget('ldap'), '#/console');
  assert.equal(finishTarget('later'), '#/console');
});
