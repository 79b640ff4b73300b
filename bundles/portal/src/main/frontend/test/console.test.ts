import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsText, importProgressText, mayUseConsole, periodDays, periodProblem } from '../src/pages/console.js';

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

test('a running import says how far it is and, once it knows its pace, how long is left', () => {
  assert.equal(importProgressText(0, 0, 0), 'Lecture des fichiers…');
  assert.equal(importProgressText(1, 917, 100), '1 fiche sur 917 (0 %)');
  // too early for an estimate
  assert.equal(importProgressText(10, 917, 5000), '10 fiches sur 917 (1 %)');
  assert.equal(importProgressText(100, 917, 500), '100 fiches sur 917 (10 %)');
  // 100 records in 10 s: 817 left take about 82 s, shown in minutes
  assert.equal(importProgressText(100, 917, 10_000), '100 fiches sur 917 (10 %), environ 2 min restantes');
  assert.equal(importProgressText(800, 917, 8000), '800 fiches sur 917 (87 %), environ 2 s restantes');
  assert.equal(importProgressText(917, 917, 9000), '917 fiches sur 917 (100 %)');
  assert.equal(importProgressText(950, 917, 9000), '917 fiches sur 917 (100 %)', 'never more than the total');
  assert.match(importProgressText(12000, 100000, 10_000), /^12\u202f000 fiches sur 100\u202f000 \(12 %\), environ 2 min restantes$/);
});

test('an account detail says in one sentence what the person can do', async () => {
  const { stateSentence } = await import('../src/pages/console-accounts.js');
  const base = { deactivatedAt: null, deactivatedBy: null, lockedUntil: null, guestUntil: null } as const;
  assert.equal(stateSentence({ ...base, state: 'ACTIVE' }), 'Ce compte est actif : la personne se connecte avec son mot de passe.');
  assert.match(stateSentence({ ...base, state: 'PENDING' }), /lettre de première connexion/);
  const byReferent = stateSentence({ ...base, state: 'DEACTIVATED', deactivatedAt: '2026-09-02T08:05:00Z', deactivatedBy: 'REFERENT' });
  assert.match(byReferent, /^Ce compte est désactivé depuis le mercredi 2 septembre 2026 à \d\d h \d\d par le référent numérique\. La personne ne peut plus se connecter\.$/);
  assert.match(stateSentence({ ...base, state: 'DEACTIVATED', deactivatedBy: 'EXPIRED', guestUntil: '2026-09-03' }),
    /son invitation s’est terminée le jeudi 3 septembre 2026/);
  assert.match(stateSentence({ ...base, state: 'DEACTIVATED', deactivatedBy: 'ANNUAIRE' }), /n’est plus dans l’annuaire/);
});

test('the box health speaks in days, hours and shares', async () => {
  const { uptimeText, freeShare, guestMaxDay } = await import('../src/pages/console-accounts.js');
  assert.equal(uptimeText(30), 'moins d’une minute');
  assert.equal(uptimeText(60 * 12), '12 minutes');
  assert.equal(uptimeText(3600 + 60), '1 heure et 1 minute');
  assert.equal(uptimeText(3 * 86_400 + 4 * 3600 + 59), '3 jours et 4 heures');
  assert.equal(uptimeText(86_400), '1 jour');
  assert.equal(freeShare(25, 100), '25 % libre');
  assert.equal(freeShare(1, 1000), 'moins de 1 % libre');
  assert.equal(guestMaxDay(new Date(2026, 8, 2)), '2027-09-02', 'a guest lasts a year at most');
});

test('a period of the page statistics: both days, in order, 366 days at most', () => {
  assert.equal(periodDays('2026-09-01', '2026-09-30'), 30);
  assert.equal(periodProblem('2026-09-01', '2026-09-30'), null);
  assert.equal(periodProblem('2025-09-01', '2026-09-01'), null, '366 days');
  assert.match(periodProblem('2025-09-01', '2026-09-02') ?? '', /366 jours au plus/);
  assert.match(periodProblem('2026-09-30', '2026-09-01') ?? '', /avant la fin/);
  assert.match(periodProblem('', '2026-09-01') ?? '', /premier et le dernier jour/);
});

test('the console says whom it serves: the referent manages, the direction reads, others are told kindly', async () => {
  const { consoleLead } = await import('../src/personal.js');
  assert.match(consoleLead(['REFERENT']), /^Gérez/);
  assert.match(consoleLead(['DIRECTION']), /^Consultez/);
  assert.equal(consoleLead(['ENSEIGNANT']), 'La console sert au référent numérique et à la direction de l’établissement.');
  assert.equal(consoleLead(['ELEVE']), consoleLead(['PARENT']));
});
