import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsText, mayUseConsole } from '../src/pages/console.js';

test('the console is for the referent and the direction', () => {
  assert.equal(mayUseConsole(['REFERENT']), true);
  assert.equal(mayUseConsole(['ENSEIGNANT', 'DIRECTION']), true);
  assert.equal(mayUseConsole(['ELEVE']), false);
  assert.equal(mayUseConsole(['PARENT', 'ENSEIGNANT']), false);
});

test('import counts read as a sentence, with French plurals', () => {
  assert.equal(countsText({ created: 917, updated: 1, unchanged: 0, deactivated: 2, rejected: 0 }),
    '917 créés, 1 modifié, 0 inchangé, 2 désactivés, 0 rejeté');
});
