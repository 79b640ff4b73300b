import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HISTORY_KINDS, maintenanceText } from '../src/pages/console-updates.js';

test('when a verified update installs by itself, in words', () => {
  assert.equal(maintenanceText(3), 'Sinon, elle s’installe d’elle-même la nuit suivante, vers 03 h.');
  assert.equal(maintenanceText(23), 'Sinon, elle s’installe d’elle-même la nuit suivante, vers 23 h.');
  assert.match(maintenanceText(-1), /que lorsque vous cliquez sur « Mettre à jour »/);
});

test('every kind of history line has French words', () => {
  for (const kind of ['check', 'apply', 'rollback', 'settings'] as const) assert.ok(HISTORY_KINDS[kind].length > 0);
});
