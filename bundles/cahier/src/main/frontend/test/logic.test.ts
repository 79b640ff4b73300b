import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aFaire, aFaireStatus, addDays, chargeSummary, chargeWarnings, checkProgression, checkSeance, daysBetween, exportHref,
  formFromSeance, fromInstant, matieresFor, minutesLabel, mondayOf, roleOf, schoolToday, seanceBody, taughtDivisions, toInstant, weekDays,
  type SeanceForm,
} from '../src/logic.js';
import type { Devoir, Seance, Teaching } from '../src/types.js';

const devoir = (over: Partial<Devoir>): Devoir => ({
  id: '1', seanceId: null, classe: '5A', classeId: '0999999Z:CLASSE:5A', matiere: 'Mathématiques', matiereCode: 'MATHS',
  author: 'Julien Dumas', authorId: 'j', mine: false, pour: '2026-12-10', kind: 'MAISON', kindLabel: 'Travail à la maison',
  instructions: '<p>Exercice 3</p>', minutes: null, rendu: false, publishAt: null, published: true, done: false, locked: false,
  editable: false, amendements: [], ...over,
});

const form = (over: Partial<SeanceForm> = {}): SeanceForm => ({
  classe: '0999999Z:CLASSE:5A', matiere: 'MATHS', kind: 'SEANCE', date: '2026-12-07', debut: '08:30', fin: '09:25',
  titre: ' Fractions ', contenu: '<p>Cours</p>', liens: [], publishDate: '', publishTime: '', devoirs: [], ...over,
});

test('weeks start on Monday and show the weekend only when busy', () => {
  assert.equal(mondayOf('2026-12-10'), '2026-12-07');
  assert.equal(mondayOf('2026-12-07'), '2026-12-07');
  assert.equal(mondayOf('2026-12-13'), '2026-12-07');
  assert.equal(addDays('2026-12-28', 7), '2027-01-04');
  assert.equal(addDays('2026-03-28', 2), '2026-03-30');
  assert.equal(daysBetween('2026-12-07', '2026-12-28'), 21);
  assert.deepEqual(weekDays('2026-12-07'), ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']);
  assert.equal(weekDays('2026-12-07', ['2026-12-12']).length, 6);
});

test('estimated times read as people say them', () => {
  assert.equal(minutesLabel(45), '45 min');
  assert.equal(minutesLabel(60), '1 h');
  assert.equal(minutesLabel(90), '1 h 30');
  assert.equal(minutesLabel(null), '');
});

test('a séance form is checked field by field in French', () => {
  assert.deepEqual(checkSeance(form()), []);
  const p = checkSeance(form({ classe: '', titre: ' ', fin: '08:00', liens: [{ url: 'javascript:alert(1)', label: '' }],
    publishDate: '2026-12-06', devoirs: [{ key: 'n1', pour: '2026-12-01', kind: 'SUR_TABLE', instructions: '', minutes: 0.5 }] }));
  assert.deepEqual(p.map((x) => x.field), ['classe', 'date', 'titre', 'lien-0', 'publish', 'devoir-n1-pour', 'devoir-n1-instructions', 'devoir-n1-minutes']);
  assert.match(p[1]!.message, /fin doit venir après/);
  assert.match(p[5]!.message, /jour de la séance ou après/);
});

test('the body of POST /seances follows the contract', () => {
  const body = seanceBody(form({
    liens: [{ url: 'www.lumni.fr', label: '' }, { url: '  ', label: 'vide' }],
    publishDate: '2026-12-07', publishTime: '07:00',
    devoirs: [{ key: 'n1', pour: '2026-12-10', kind: 'SUR_TABLE', instructions: '<p>Réviser</p>', minutes: 60, rendu: false },
      { key: 'n2', id: '45', pour: '2026-12-08', kind: 'MAISON', instructions: '<p>Ex 1</p>', minutes: null, rendu: true }],
  }));
  assert.equal(body.titre, 'Fractions');
  assert.deepEqual(body.liens, [{ url: 'https://www.lumni.fr', label: 'https://www.lumni.fr' }]);
  assert.equal(body.publishAt, new Date('2026-12-07T07:00:00').toISOString());
  assert.equal(body.devoirs[0]!.minutes, 60);
  assert.equal(body.devoirs[0]!.id, undefined);
  assert.equal(body.devoirs[1]!.id, '45');
  assert.equal('minutes' in body.devoirs[1]!, false);
  assert.equal(body.devoirs[1]!.rendu, true);
  assert.equal('publishAt' in seanceBody(form()), false);
});

test('a devoir may appear after its séance, never before; both fields or neither', () => {
  const base = { key: 'n1', pour: '2026-12-10', kind: 'SUR_TABLE', instructions: '<p>Réviser</p>', minutes: null, rendu: false };
  const body = seanceBody(form({ publishDate: '2026-12-07', publishTime: '07:00',
    devoirs: [{ ...base, publishDate: '2026-12-07', publishTime: '18:00' }, { ...base, key: 'n2' }] }));
  assert.equal(body.devoirs[0]!.publishAt, new Date('2026-12-07T18:00:00').toISOString(), 'its own moment');
  assert.equal(body.devoirs[1]!.publishAt, body.publishAt, 'with its séance');
  assert.equal('publishAt' in seanceBody(form({ devoirs: [base] })).devoirs[0]!, false, 'now, with a séance published now');
  const p = checkSeance(form({ publishDate: '2026-12-07', publishTime: '07:00',
    devoirs: [{ ...base, publishDate: '2026-12-06', publishTime: '18:00' }, { ...base, key: 'n2', publishDate: '2026-12-08' }] }));
  assert.deepEqual(p.map((x) => x.field), ['devoir-n1-publish', 'devoir-n2-publish']);
  assert.match(p[0]!.message, /avant sa séance/);
});

test('instants go to local fields and back', () => {
  const at = toInstant('2026-12-07', '07:05');
  assert.deepEqual(fromInstant(at), { date: '2026-12-07', time: '07:05' });
  assert.equal(toInstant('2026-12-07', ''), '');
  assert.deepEqual(fromInstant(null), { date: '', time: '' });
});

test('an existing séance fills the form again (devoirs keep their id)', () => {
  const s = {
    id: '12', kind: 'SEANCE', classe: '5A', classeId: 'X:CLASSE:5A', matiere: 'Maths', matiereCode: 'MATHS', author: 'J', authorId: 'j',
    mine: true, date: '2026-12-07', debut: '08:30', fin: '09:25', titre: 'T', contenu: '<p>c</p>', liens: [{ url: 'https://a.fr', label: 'A' }],
    pieces: [], devoirs: [devoir({ id: '45', seanceId: '12' })], publishAt: null, published: true, visa: null, locked: false, editable: true, amendements: [],
  } satisfies Seance;
  const f = formFromSeance(s);
  assert.equal(f.classe, 'X:CLASSE:5A');
  assert.equal(f.devoirs[0]!.id, '45');
  assert.equal(seanceBody(f).devoirs[0]!.id, '45');
});

test('workload: the server’s warnings first, ours when it gives none', () => {
  const day = { date: '2026-12-10', count: 3, surTable: 1, devoirs: [], warnings: [] };
  assert.equal(chargeSummary(day, 3), 'La classe a déjà 3 devoirs pour ce jour-là, dont 1 devoir sur table (au plus 3 conseillés).');
  assert.equal(chargeSummary(undefined, 3), 'La classe n’a encore aucun devoir pour ce jour-là.');
  assert.equal(chargeWarnings(day, 3).length, 2);
  assert.deepEqual(chargeWarnings({ ...day, warnings: ['Déjà un devoir sur table ce jour-là.'] }, 3), ['Déjà un devoir sur table ce jour-là.']);
  assert.deepEqual(chargeWarnings({ ...day, count: 1, surTable: 0 }, 3), []);
});

test('« À faire » groups by due day, devoirs sur table first', () => {
  const groups = aFaire([devoir({ id: 'a', pour: '2026-12-11' }), devoir({ id: 'b', pour: '2026-12-10', matiere: 'Anglais' }),
    devoir({ id: 'c', pour: '2026-12-10', kind: 'SUR_TABLE', matiere: 'Histoire' })]);
  assert.deepEqual(groups.map((g) => [g.date, g.devoirs.map((d) => d.id)]), [['2026-12-10', ['c', 'b']], ['2026-12-11', ['a']]]);
  assert.equal(aFaireStatus([]), 'Aucun devoir pour les trois prochaines semaines.');
  assert.equal(aFaireStatus([devoir({ done: true }), devoir({}), devoir({})]), '2 devoirs à faire, 1 fait.');
});

test('teachings give the divisions and their matières', () => {
  const t: Teaching[] = [
    { classe: { id: 'Z:CLASSE:5A', label: '5A', kind: 'CLASSE' }, matiere: { code: 'MATHS', label: 'Mathématiques' } },
    { classe: { id: 'Z:CLASSE:10A', label: '10A', kind: 'CLASSE' }, matiere: { code: 'MATHS', label: 'Mathématiques' } },
    { classe: { id: 'Z:CLASSE:5A', label: '5A', kind: 'CLASSE' }, matiere: { code: 'SVT', label: 'SVT' } },
  ];
  assert.deepEqual(taughtDivisions(t).map((d) => d.label), ['5A', '10A']);
  assert.deepEqual(matieresFor(t, 'Z:CLASSE:5A').map((m) => m.code), ['MATHS', 'SVT']);
});

test('progression form and roles', () => {
  assert.deepEqual(checkProgression({ source: 'a', from: '2025-09-01', to: '2025-08-01', cible: '', debut: '' }).map((p) => p.field), ['to', 'cible', 'debut']);
  assert.equal(roleOf(['ENSEIGNANT', 'DIRECTION']), 'teacher');
  assert.equal(roleOf(['PARENT']), 'parent');
  assert.equal(roleOf(['ELEVE']), 'pupil');
  assert.equal(roleOf(['REFERENT']), 'none');
  assert.equal(exportHref('0999999Z:CLASSE:5A', '2026-11-01', '2026-12-01'), '/api/v1/cahier/export?classe=0999999Z%3ACLASSE%3A5A&from=2026-11-01&to=2026-12-01');
});

test('today is the school’s day (Paris), not the browser’s', () => {
  assert.equal(schoolToday(new Date(Date.UTC(2026, 11, 6, 23, 18))), '2026-12-07');
  assert.equal(schoolToday(new Date(Date.UTC(2026, 11, 6, 22, 59))), '2026-12-06');
  assert.equal(schoolToday(new Date(Date.UTC(2026, 5, 30, 22, 30))), '2026-07-01');
});
