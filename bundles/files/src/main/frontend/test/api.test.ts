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

test('previews and resumable uploads follow the contract', async () => {
  const { api, calls } = mockApi();
  const f = new FilesApi(api);
  assert.equal(f.previewUrl({ id: '12' }), '/api/v1/files/fichiers/12/apercu?taille=vignette');
  assert.equal(f.previewUrl({ id: '12' }, 'grande'), '/api/v1/files/fichiers/12/apercu?taille=grande');
  assert.equal(f.piecePath('ab12', 4096), 'files/envois/ab12?position=4096');
  await f.openUpload({ espace: 'perso:p1', dossier: '', nom: 'film.mp4', taille: 10, type: 'video/mp4' });
  await f.uploadStatus('ab12');
  await f.finishUpload('ab12');
  await f.cancelUpload('ab12');
  assert.deepEqual(calls, [
    { method: 'POST', path: 'files/envois', body: { espace: 'perso:p1', dossier: null, nom: 'film.mp4', taille: 10, type: 'video/mp4' } },
    { method: 'GET', path: 'files/envois/ab12', query: undefined },
    { method: 'POST', path: 'files/envois/ab12/terminer', body: undefined },
    { method: 'DELETE', path: 'files/envois/ab12' },
  ]);
});

/** A box keeping one session in memory; `cutAt` pieces fail as a dropped connection does (the bytes before the cut kept). */
function pieceBox(cuts: number[]) {
  let held = new Uint8Array(0);
  let size = 0;
  const log: string[] = [];
  const problem = (status: number, code: string) => Object.assign(new Error(code), { status, code, title: code });
  const api = {
    get: (path: string) => { log.push(`GET ${path}`); return Promise.resolve({ id: 's1', recu: held.length, taille: size }); },
    post: (path: string, body?: { taille: number }) => {
      log.push(`POST ${path}`);
      if (path === 'files/envois') { size = body!.taille; return Promise.resolve({ id: 's1', recu: 0, taille: size }); }
      return Promise.resolve({ id: '9', name: 'film.mp4', size: held.length, bytes: held });
    },
    delete: (path: string) => { log.push(`DELETE ${path}`); return Promise.resolve(undefined); },
    uploadWithProgress: async (path: string, blob: Blob, o?: { method?: string; onProgress?: (f: number) => void }) => {
      log.push(`${o?.method ?? 'POST'} ${path}`);
      const position = Number(new URL(path, 'http://x/').searchParams.get('position'));
      if (position !== held.length) throw problem(409, 'upload-offset-mismatch');
      const bytes = new Uint8Array(await blob.arrayBuffer());
      if (cuts.length > 0 && cuts[0] === position) {
        cuts.shift();
        const kept = bytes.slice(0, Math.floor(bytes.length / 2));
        held = new Uint8Array([...held, ...kept]);
        throw problem(0, 'network');
      }
      held = new Uint8Array([...held, ...bytes]);
      o?.onProgress?.(1);
      return { id: 's1', recu: held.length, taille: size };
    },
  } as unknown as ApiLike;
  return { api, log, held: () => held };
}

test('a big file goes up in pieces, resumes where the box stands after a cut, and is finished once whole', async () => {
  const { sendInPieces, resumableClient } = await import('../src/resumable.js');
  const box = pieceBox([4]);
  const bytes = new Uint8Array(10).map((_, i) => i + 1);
  const file = Object.assign(new Blob([bytes]), { name: 'film.mp4' });
  const progress: number[] = [];
  const done = await sendInPieces(new FilesApi(box.api), file, { espace: 'perso:p1', dossier: null }, (f) => progress.push(f),
    { piece: 4, sleep: () => Promise.resolve() }) as unknown as { bytes: Uint8Array };
  assert.deepEqual([...done.bytes], [...bytes]);
  assert.deepEqual(box.log, ['POST files/envois', 'PUT files/envois/s1?position=0', 'PUT files/envois/s1?position=4', 'GET files/envois/s1',
    'PUT files/envois/s1?position=6', 'POST files/envois/s1/terminer']);
  assert.ok(progress.every((f, i) => i === 0 || f >= 0) && progress.includes(0.4), progress.join());
  assert.equal(progress.at(-1), 1);
  // small files go in one request, as before
  const small = pieceBox([]);
  await resumableClient(new FilesApi(small.api), { from: 100 }).uploadWithProgress('files/fichiers?nom=a.txt', file, { query: { espace: 'perso:p1' } });
  assert.deepEqual(small.log, ['POST files/fichiers?nom=a.txt']);
});

test('a refusal stops the pieces and the box forgets the session; a cut that lasts is given up', async () => {
  const { sendInPieces } = await import('../src/resumable.js');
  const file = Object.assign(new Blob([new Uint8Array(10)]), { name: 'film.mp4' });
  const refusing = pieceBox([]);
  const api = refusing.api as unknown as { uploadWithProgress: unknown };
  api.uploadWithProgress = () => Promise.reject(Object.assign(new Error('full'), { status: 507, code: 'quota-exceeded', title: 'Espace plein' }));
  await assert.rejects(sendInPieces(new FilesApi(refusing.api), file, { espace: 'perso:p1', dossier: null }, undefined, { piece: 4, sleep: () => Promise.resolve() }),
    (e: { status: number }) => e.status === 507);
  assert.deepEqual(refusing.log, ['POST files/envois', 'DELETE files/envois/s1']);
  const offline = pieceBox([]);
  const cut = () => Promise.reject(Object.assign(new Error('network'), { status: 0, code: 'network', title: '' }));
  Object.assign(offline.api, { uploadWithProgress: cut, get: (path: string) => { offline.log.push(`GET ${path}`); return cut(); } });
  await assert.rejects(sendInPieces(new FilesApi(offline.api), file, { espace: 'perso:p1', dossier: null }, undefined,
    { piece: 4, retries: 2, sleep: () => Promise.resolve() }), (e: { status: number }) => e.status === 0);
  assert.deepEqual(offline.log, ['POST files/envois', 'GET files/envois/s1', 'GET files/envois/s1', 'DELETE files/envois/s1']);
  assert.equal(offline.log.at(-1), 'DELETE files/envois/s1');
});

test('groupes de travail follow the contract', async () => {
  const { api, calls } = mockApi();
  const f = new FilesApi(api);
  await f.groups();
  await f.group('7');
  await f.createGroup('Projet théâtre', ['p-leo', 'p-marc']);
  await f.renameGroup('7', 'Théâtre');
  await f.addMembers('7', ['p-ines']);
  await f.removeMember('7', 'id-marc.invite');
  await f.deleteGroup('7');
  assert.deepEqual(calls, [
    { method: 'GET', path: 'files/groupes', query: undefined },
    { method: 'GET', path: 'files/groupes/7', query: undefined },
    { method: 'POST', path: 'files/groupes', body: { nom: 'Projet théâtre', membres: ['p-leo', 'p-marc'] } },
    { method: 'POST', path: 'files/groupes/7/renommer', body: { nom: 'Théâtre' } },
    { method: 'POST', path: 'files/groupes/7/membres', body: { membres: ['p-ines'] } },
    { method: 'DELETE', path: 'files/groupes/7/membres/id-marc.invite' },
    { method: 'DELETE', path: 'files/groupes/7' },
  ]);
});
