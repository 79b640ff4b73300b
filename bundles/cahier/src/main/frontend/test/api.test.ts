import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CahierApi, problemTitle } from '../src/api.js';
import type { ApiLike } from '../src/types.js';

interface Call { method: string; path: string; body?: unknown; query?: Record<string, unknown> }

function mockApi(answers: Record<string, unknown> = {}): { api: ApiLike; calls: Call[] } {
  const calls: Call[] = [];
  const answer = (method: string, path: string) => {
    const a = answers[`${method} ${path}`];
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(a ?? {});
  };
  const api = {
    get: (path: string, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'GET', path, query: o?.query }); return answer('GET', path); },
    post: (path: string, body?: unknown, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'POST', path, body, query: o?.query }); return answer('POST', path); },
    put: (path: string, body?: unknown, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'PUT', path, body, query: o?.query }); return answer('PUT', path); },
    delete: (path: string, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'DELETE', path, query: o?.query }); return answer('DELETE', path); },
  } as ApiLike;
  return { api, calls };
}

test('a parent passes child=<id> on every read', async () => {
  const { api, calls } = mockApi();
  const c = new CahierApi(api, 'leo');
  await c.context();
  await c.devoirs('2026-12-07', '2026-12-28');
  await c.seances('2026-12-07', '2026-12-13');
  await c.rattrapage('2026-12-01', '2026-12-05');
  await c.agenda();
  await c.renewAgenda();
  assert.deepEqual(calls.map((x) => [x.method, x.path, x.query]), [
    ['GET', 'cahier/context', { child: 'leo' }],
    ['GET', 'cahier/devoirs', { from: '2026-12-07', to: '2026-12-28', child: 'leo' }],
    ['GET', 'cahier/seances', { from: '2026-12-07', to: '2026-12-13', child: 'leo' }],
    ['GET', 'cahier/rattrapage', { from: '2026-12-01', to: '2026-12-05', child: 'leo' }],
    ['GET', 'cahier/agenda', { child: 'leo' }],
    ['POST', 'cahier/agenda', { child: 'leo' }],
  ]);
});

test('a pupil and a teacher call without child; writes follow the contract', async () => {
  const { api, calls } = mockApi();
  const c = new CahierApi(api);
  await c.seances('2026-12-07', '2026-12-13', 'Z:CLASSE:5A');
  await c.markDone('45', true);
  await c.amend('seances', '12', 'Oubli : exercice 4 aussi.');
  await c.copySeance('12', { classe: 'Z:CLASSE:5B', date: '2026-12-08', debut: '10:00', fin: '10:55' });
  await c.createVisa('Z:CLASSE:5A', '2026-12-06');
  await c.charge('Z:CLASSE:5A', '2026-12-10', '2026-12-10');
  await c.saveReglages(4);
  assert.deepEqual(calls.map((x) => [x.method, x.path, x.body ?? x.query]), [
    ['GET', 'cahier/seances', { classe: 'Z:CLASSE:5A', from: '2026-12-07', to: '2026-12-13' }],
    ['PUT', 'cahier/devoirs/45/fait', { done: true }],
    ['POST', 'cahier/seances/12/amendements', { texte: 'Oubli : exercice 4 aussi.' }],
    ['POST', 'cahier/seances/12/copie', { classe: 'Z:CLASSE:5B', date: '2026-12-08', debut: '10:00', fin: '10:55' }],
    ['POST', 'cahier/visas', { classe: 'Z:CLASSE:5A', until: '2026-12-06' }],
    ['GET', 'cahier/charge', { classe: 'Z:CLASSE:5A', from: '2026-12-10', to: '2026-12-10' }],
    ['PUT', 'cahier/reglages', { maxDevoirsParJour: 4 }],
  ]);
  assert.equal(c.piecesPath('12'), 'cahier/seances/12/pieces');
  assert.equal(c.piecePath('12', 'exercices & corrigé.pdf'), 'cahier/seances/12/pieces?nom=exercices%20%26%20corrig%C3%A9.pdf');
});

test('errors show the problem’s French title', async () => {
  const problem = Object.assign(new Error('x'), { status: 409, code: 'visa-locked', title: 'Cette séance a reçu le visa de la direction.' });
  const { api } = mockApi({ 'DELETE cahier/seances/12': problem });
  const c = new CahierApi(api);
  await assert.rejects(c.deleteSeance('12'), (e) => problemTitle(e) === 'Cette séance a reçu le visa de la direction.');
  assert.match(problemTitle(new TypeError('fetch failed')), /ne répond pas/);
});
