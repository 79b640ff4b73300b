import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilesApi } from '../src/api.js';
import type { ApiLike } from '../src/types.js';

interface Call { method: string; path: string; body?: unknown; query?: Record<string, unknown> }

function mockApi(): { api: ApiLike; calls: Call[] } {
  const calls: Call[] = [];
  const api = {
    get: (path: string, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'GET', path, query: o?.query }); return Promise.resolve({}); },
    post: (path: string, body?: unknown) => { calls.push({ method: 'POST', path, body }); return Promise.resolve({}); },
    delete: (path: string) => { calls.push({ method: 'DELETE', path }); return Promise.resolve(undefined); },
    uploadWithProgress: () => Promise.resolve({}),
  } as unknown as ApiLike;
  return { api, calls };
}

test('the calls follow the module’s REST contract', async () => {
  const { api, calls } = mockApi();
  const f = new FilesApi(api);
  await f.spaces();
  await f.folder('classe:0999999Z:CLASSE:5A', null);
  await f.folder('perso:p1', '12');
  await f.quota('perso:p1');
  await f.mkdir('perso:p1', '', 'Cours');
  await f.rename('12', 'Fractions');
  await f.move('12', { espace: 'perso:p1', dossier: '3' });
  await f.copy('12', { espace: 'perso:p1', dossier: null, nom: 'Copie', remplacer: false });
  await f.remove('12');
  await f.trash('perso:p1');
  await f.restore('12');
  await f.purge('12');
  await f.createAppPassword('Ordinateur de la maison');
  await f.revokeAppPassword('4');
  assert.deepEqual(calls, [
    { method: 'GET', path: 'files/espaces', query: undefined },
    { method: 'GET', path: 'files/dossier', query: { espace: 'classe:0999999Z:CLASSE:5A', dossier: undefined } },
    { method: 'GET', path: 'files/dossier', query: { espace: 'perso:p1', dossier: '12' } },
    { method: 'GET', path: 'files/quota', query: { espace: 'perso:p1' } },
    { method: 'POST', path: 'files/dossiers', body: { espace: 'perso:p1', dossier: null, nom: 'Cours' } },
    { method: 'POST', path: 'files/noeuds/12/renommer', body: { nom: 'Fractions' } },
    { method: 'POST', path: 'files/noeuds/12/deplacer', body: { espace: 'perso:p1', dossier: '3' } },
    { method: 'POST', path: 'files/noeuds/12/copier', body: { espace: 'perso:p1', dossier: null, nom: 'Copie' } },
    { method: 'DELETE', path: 'files/noeuds/12' },
    { method: 'GET', path: 'files/corbeille', query: { espace: 'perso:p1' } },
    { method: 'POST', path: 'files/corbeille/12/restaurer', body: undefined },
    { method: 'DELETE', path: 'files/corbeille/12' },
    { method: 'POST', path: 'files/mots-de-passe', body: { label: 'Ordinateur de la maison' } },
    { method: 'DELETE', path: 'files/mots-de-passe/4' },
  ]);
});

test('an upload names the file in the path and the place in the query', () => {
  const f = new FilesApi(mockApi().api);
  assert.equal(f.uploadPath({ name: 'Séquence 3 & 4.pdf' }), 'files/fichiers?nom=S%C3%A9quence%203%20%26%204.pdf');
  assert.deepEqual(f.uploadQuery('perso:p1', null), { espace: 'perso:p1', dossier: undefined });
  assert.deepEqual(f.uploadQuery('perso:p1', '7'), { espace: 'perso:p1', dossier: '7' });
  assert.equal(f.downloadUrl({ id: '12' }), '/api/v1/files/fichiers/12');
});

test('sharing and drop boxes follow the contract', async () => {
  const { api, calls } = mockApi();
  const f = new FilesApi(api);
  await f.shares('12');
  await f.share('12', [{ type: 'PERSONNE', id: 'p-leo' }, { type: 'CLASSE', id: '0999999Z:CLASSE:5A' }], true, '2026-12-20');
  await f.share('12', [{ type: 'PERSONNE', id: 'p-leo' }], false, '');
  await f.unshare('4');
  await f.sharedWithMe();
  await f.candidates('');
  await f.dropBoxes();
  await f.dropBox('9');
  await f.openDropBox({ classe: '0999999Z:CLASSE:5A', titre: 'Rédaction', echeance: '2026-11-20T17:00:00.000Z' });
  await f.devoirs('0999999Z:CLASSE:5A');
  await f.withdraw('9', '31');
  assert.deepEqual(calls, [
    { method: 'GET', path: 'files/partages', query: { noeud: '12' } },
    { method: 'POST', path: 'files/partages', body: { noeud: '12', destinataires: [{ type: 'PERSONNE', id: 'p-leo' }, { type: 'CLASSE', id: '0999999Z:CLASSE:5A' }], ecriture: true, jusqua: '2026-12-20' } },
    { method: 'POST', path: 'files/partages', body: { noeud: '12', destinataires: [{ type: 'PERSONNE', id: 'p-leo' }], ecriture: false, jusqua: null } },
    { method: 'DELETE', path: 'files/partages/4' },
    { method: 'GET', path: 'files/partages/avec-moi', query: undefined },
    { method: 'GET', path: 'files/partages/destinataires', query: { q: undefined } },
    { method: 'GET', path: 'files/depots', query: undefined },
    { method: 'GET', path: 'files/depots/9', query: undefined },
    { method: 'POST', path: 'files/depots', body: { classe: '0999999Z:CLASSE:5A', titre: 'Rédaction', echeance: '2026-11-20T17:00:00.000Z' } },
    { method: 'GET', path: 'files/depots/devoirs', query: { classe: '0999999Z:CLASSE:5A' } },
    { method: 'DELETE', path: 'files/depots/9/rendus/31' },
  ]);
  assert.equal(f.handInPath('9', { name: 'rédaction.pdf' }), 'files/depots/9/rendus?nom=r%C3%A9daction.pdf');
  assert.equal(f.correctedPath('9', 'p-leo', { name: 'corrigé.pdf' }), 'files/depots/9/eleves/p-leo/corriges?nom=corrig%C3%A9.pdf');
  assert.equal(f.zipUrl('9'), '/api/v1/files/depots/9/archive');
  assert.equal(f.folderZipUrl({ id: '12' }), '/api/v1/files/dossiers/12/archive');
});
