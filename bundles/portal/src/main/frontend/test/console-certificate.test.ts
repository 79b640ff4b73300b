import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonName, daysLeft, validityText } from '../src/pages/console-certificate.js';

test('the common name of a distinguished name, or the whole name without one', () => {
  assert.equal(commonName('CN=ent.college-rostand.fr, O=Collège Jean Rostand, C=FR'), 'ent.college-rostand.fr');
  assert.equal(commonName('O=Preau,CN=vm'), 'vm');
  assert.equal(commonName('O=Sans nom commun'), 'O=Sans nom commun');
});

test('days left and the French sentence of a certificate’s end', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  assert.equal(daysLeft('2026-12-17T10:00:00Z', now), 10);
  assert.equal(daysLeft('2026-12-06T10:00:00Z', now), -1);
  assert.match(validityText({ notAfter: '2027-03-01T12:00:00Z' }, now), /^Jusqu’au lundi 1er mars 2027 \(encore 84 jours\)$/);
  assert.match(validityText({ notAfter: '2026-12-08T12:00:00Z' }, now), /\(encore 1 jour\)$/);
  assert.match(validityText({ notAfter: '2026-12-07T12:00:00Z' }, now), /^Expire aujourd’hui/);
  assert.match(validityText({ notAfter: '2026-11-30T12:00:00Z' }, now), /^Expiré depuis le lundi 30 novembre 2026$/);
});
