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

test('the school day is Paris time, whatever the browser zone', async () => {
  const { schoolDay } = await import('../src/format.js');
  // 23:18 UTC on 6 December is already 7 December in Paris (the CI failure of session 7)
  assert.equal(schoolDay(new Date(Date.UTC(2026, 11, 6, 23, 18))), '2026-12-07');
  assert.equal(schoolDay(new Date(Date.UTC(2026, 11, 6, 22, 59))), '2026-12-06');
  // summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Paris
  assert.equal(schoolDay(new Date(Date.UTC(2026, 5, 30, 22, 30))), '2026-07-01');
  // 29 days back across the change to winter time and a month end
  assert.equal(schoolDay(new Date(Date.UTC(2026, 10, 5, 9, 0)), -29), '2026-10-07');
  assert.equal(schoolDay(new Date(Date.UTC(2026, 2, 1, 9, 0)), -1), '2026-02-28');
});

test('days as people say them, from ISO dates', async () => {
  const { formatDay, sayDay, parseIsoDate, toIsoDate, formatTime, formatSlot } = await import('../src/format.js');
  assert.equal(formatDay('2026-03-12'), 'jeudi 12 mars');
  assert.equal(formatDay('2026-03-01'), 'dimanche 1er mars');
  assert.equal(formatDay('2026-12-04', { year: true }), 'vendredi 4 décembre 2026');
  assert.equal(formatDay('2027-01-04', { today: new Date(2026, 11, 4) }), 'lundi 4 janvier 2027');
  assert.equal(formatDay('2026-02-30'), '');
  assert.equal(formatDay('12/03/2026'), '');
  assert.equal(parseIsoDate('2024-02-29')?.getDate(), 29);
  assert.equal(parseIsoDate('2025-02-29'), null);
  assert.equal(toIsoDate(new Date(2026, 2, 9)), '2026-03-09');
  const today = new Date(2026, 2, 12, 17, 45);
  assert.equal(sayDay('2026-03-12', today), 'aujourd’hui');
  assert.equal(sayDay('2026-03-13', today), 'demain');
  assert.equal(sayDay('2026-03-14', today), 'après-demain');
  assert.equal(sayDay('2026-03-11', today), 'hier');
  assert.equal(sayDay('2026-03-19', today), 'jeudi 19 mars');
  // across the change to summer time (29 March 2026 in France) a day is still a day
  assert.equal(sayDay('2026-03-30', new Date(2026, 2, 29, 0, 30)), 'demain');
  assert.equal(formatTime('08:30'), '8 h 30');
  assert.equal(formatTime('14:00'), '14 h');
  assert.equal(formatTime('25:00'), '');
  assert.equal(formatSlot('08:30', '09:25'), 'de 8 h 30 à 9 h 25');
});

test('date and slot checks say what to do, in French', async () => {
  const { dateProblem, slotProblem } = await import('../src/format.js');
  assert.equal(dateProblem('', {}), null);
  assert.equal(dateProblem('', { required: true }), 'Choisissez une date.');
  assert.match(dateProblem('', {}, true)!, /incomplète.*jj\/mm\/aaaa/);
  assert.match(dateProblem('2026-02-30', {})!, /n’existe pas/);
  assert.equal(dateProblem('2026-03-01', { min: '2026-03-02' }), 'Choisissez une date à partir du lundi 2 mars 2026.');
  assert.equal(dateProblem('2026-07-08', { max: '2026-07-04' }), 'Choisissez une date jusqu’au samedi 4 juillet 2026 au plus tard.');
  assert.equal(dateProblem('2026-03-02', { min: '2026-03-02', max: '2026-07-04', required: true }), null);
  assert.equal(slotProblem('', ''), null);
  assert.match(slotProblem('', '', true)!, /heure de début et l’heure de fin/);
  assert.match(slotProblem('09:00', '')!, /heure de fin/);
  assert.match(slotProblem('10:00', '09:00')!, /après l’heure de début/);
  assert.equal(slotProblem('08:30', '09:25'), null);
});

test('search snippets become text and marks, never HTML', async () => {
  const { snippetParts } = await import('../src/format.js');
  assert.deepEqual(snippetParts('Revoir &lt;b&gt; les <mark>fractions</mark> &amp; <mark>décimaux</mark>.'), [
    { text: 'Revoir <b> les ', mark: false },
    { text: 'fractions', mark: true },
    { text: ' & ', mark: false },
    { text: 'décimaux', mark: true },
    { text: '.', mark: false },
  ]);
  assert.deepEqual(snippetParts('<script>x</script>'), [{ text: '<script>x</script>', mark: false }]);
  assert.deepEqual(snippetParts(''), []);
});
