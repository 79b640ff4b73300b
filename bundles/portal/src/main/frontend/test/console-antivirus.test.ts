import { test } from 'node:test';
import assert from 'node:assert/strict';
import { antivirusText } from '../src/pages/console-antivirus.js';

test('the referent reads whether uploads are scanned, where, and by which clamd', () => {
  assert.equal(antivirusText({ actif: false, adresse: null, version: null }), 'Aucun antivirus : les fichiers déposés ne sont pas analysés.');
  assert.equal(antivirusText({ actif: true, adresse: '/run/clamav/clamd.ctl', version: 'ClamAV 1.0.7/27000' }),
    'Chaque fichier déposé est analysé par clamd (/run/clamav/clamd.ctl) — ClamAV 1.0.7/27000.');
  assert.equal(antivirusText({ actif: true, adresse: '127.0.0.1:3310', version: null }), 'Chaque fichier déposé est analysé par clamd (127.0.0.1:3310).');
});
