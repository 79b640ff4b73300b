import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MailApi, problemCode, problemTitle } from '../src/api.js';
import type { ApiLike } from '../src/types.js';

interface Call { method: string; path: string; body?: unknown; query?: Record<string, unknown> }

function mockApi(): { api: ApiLike; calls: Call[] } {
  const calls: Call[] = [];
  const api = {
    get: (path: string, o?: { query?: Record<string, unknown> }) => { calls.push({ method: 'GET', path, query: o?.query }); return Promise.resolve({}); },
    post: (path: string, body?: unknown) => { calls.push({ method: 'POST', path, body }); return Promise.resolve({}); },
    put: (path: string, body?: unknown) => { calls.push({ method: 'PUT', path, body }); return Promise.resolve({}); },
    delete: (path: string) => { calls.push({ method: 'DELETE', path }); return Promise.resolve({}); },
  } as ApiLike;
  return { api, calls };
}

test('the webmail calls its REST contract, folder names encoded', async () => {
  const { api, calls } = mockApi();
  const m = new MailApi(api);
  await m.folders();
  await m.messages('INBOX', 25, 25);
  await m.messages('INBOX', 0, 25, '  musée ');
  await m.move('INBOX', 7, 'Trash');
  await m.message('Mes élèves', 7);
  await m.setSeen('INBOX', 7, false);
  await m.setFlagged('INBOX', 7, true);
  await m.delete('Trash', 7);
  await m.reply('INBOX', 7, true);
  await m.reply('INBOX', 7, false);
  await m.forward('INBOX', 7);
  await m.contacts('  dum ');
  await m.send({ to: ['a@x.fr'], cc: [], subject: 'S', html: '<p>x</p>', attachments: ['id1'] });
  await m.message('INBOX', 7, true);
  await m.saveDraft({ to: [], cc: [], subject: '', html: '', attachments: [], draft: 3, draftAttachments: [0] });
  await m.draft(3);
  assert.equal(m.imageUrl('Mes élèves', 7, 2), '/api/v1/mail/folders/Mes%20%C3%A9l%C3%A8ves/messages/7/images/2');
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.query ?? c.body]), [
    ['GET', 'mail/folders', undefined],
    ['GET', 'mail/folders/INBOX/messages', { offset: 25, limit: 25, q: undefined }],
    ['GET', 'mail/folders/INBOX/messages', { offset: 0, limit: 25, q: 'musée' }],
    ['POST', 'mail/folders/INBOX/messages/7/move', { to: 'Trash' }],
    ['GET', 'mail/folders/Mes%20%C3%A9l%C3%A8ves/messages/7', undefined],
    ['PUT', 'mail/folders/INBOX/messages/7/seen', { seen: false }],
    ['PUT', 'mail/folders/INBOX/messages/7/flagged', { flagged: true }],
    ['DELETE', 'mail/folders/Trash/messages/7', undefined],
    ['GET', 'mail/folders/INBOX/messages/7/reply', { all: 'true' }],
    ['GET', 'mail/folders/INBOX/messages/7/reply', { all: undefined }],
    ['GET', 'mail/folders/INBOX/messages/7/forward', undefined],
    ['GET', 'mail/contacts', { q: 'dum' }],
    ['POST', 'mail/messages', { to: ['a@x.fr'], cc: [], subject: 'S', html: '<p>x</p>', attachments: ['id1'] }],
    ['GET', 'mail/folders/INBOX/messages/7', { images: 'remote' }],
    ['POST', 'mail/drafts', { to: [], cc: [], subject: '', html: '', attachments: [], draft: 3, draftAttachments: [0] }],
    ['GET', 'mail/drafts/3', undefined],
  ]);
  assert.equal(m.attachmentUrl('INBOX', 7, 0), '/api/v1/mail/folders/INBOX/messages/7/attachments/0');
  assert.equal(m.uploadPath('réponse 1.pdf'), 'mail/uploads?nom=r%C3%A9ponse%201.pdf');
});

test('moderation: the « À valider » queue, the pupil’s own pending messages, approve and refuse (reason trimmed)', async () => {
  const { api, calls } = mockApi();
  const m = new MailApi(api);
  await m.toValidate();
  await m.myPending();
  await m.approve('a1/b');
  await m.refuse('a1', '  Parles-en en classe.  ');
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.body ?? c.query]), [
    ['GET', 'mail/moderation', undefined],
    ['GET', 'mail/moderation/mine', undefined],
    ['POST', 'mail/moderation/a1%2Fb/approve', undefined],
    ['POST', 'mail/moderation/a1/refuse', { reason: 'Parles-en en classe.' }],
  ]);
});

test('errors: the French title and the stable code', () => {
  assert.equal(problemTitle({ title: 'Vous ne pouvez pas écrire à x.' }), 'Vous ne pouvez pas écrire à x.');
  assert.equal(problemTitle(new Error('boom')), 'La messagerie ne répond pas. Vérifiez votre connexion puis réessayez.');
  assert.equal(problemCode({ code: 'recipient-forbidden' }), 'recipient-forbidden');
  assert.equal(problemCode(null), '');
});
