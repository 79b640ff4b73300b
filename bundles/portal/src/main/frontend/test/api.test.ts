import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ProblemError, buildUrl, isSessionExpiry, parseProblem, problemCode } from '../src/api.js';

test('problem+json title and code are kept', () => {
  const p = parseProblem(401, 'application/problem+json; charset=utf-8',
    JSON.stringify({ type: 'urn:preau:problem:invalid-credentials', title: 'Identifiant ou mot de passe incorrect.', status: 401 }));
  assert.equal(p.status, 401);
  assert.equal(p.code, 'invalid-credentials');
  assert.equal(p.title, 'Identifiant ou mot de passe incorrect.');
});

test('non-JSON or title-less errors get a French fallback by status', () => {
  assert.match(parseProblem(429, 'text/html', '<html>').title, /Trop de tentatives/);
  assert.match(parseProblem(503, 'application/problem+json', '{"type":"x"}').title, /démarre/);
  assert.match(parseProblem(500, 'application/json', 'not json').title, /erreur/);
  assert.equal(parseProblem(500, null, '').code, '');
});

test('problemCode only reads the Préau urn', () => {
  assert.equal(problemCode('urn:preau:problem:rate-limited'), 'rate-limited');
  assert.equal(problemCode('about:blank'), '');
  assert.equal(problemCode(42), '');
});

test('buildUrl encodes the query and skips undefined values', () => {
  assert.equal(buildUrl('/api/v1', 'search', { q: 'maths & co', limit: 20, x: undefined }), '/api/v1/search?q=maths+%26+co&limit=20');
  assert.equal(buildUrl('/api/v1/', '/me'), '/api/v1/me');
});

test('a 401 on a login attempt is not a session expiry, unless it says not-authenticated', () => {
  const wrong = new ProblemError(401, 'invalid-credentials', 'x');
  assert.equal(isSessionExpiry(wrong, { authAttempt: true }), false);
  assert.equal(isSessionExpiry(wrong, {}), true);
  assert.equal(isSessionExpiry(new ProblemError(401, 'not-authenticated', 'x'), { authAttempt: true }), true);
  assert.equal(isSessionExpiry(new ProblemError(403, 'forbidden', 'x'), {}), false);
});

function fakeFetch(status: number, body: string, contentType = 'application/json') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': contentType } });
  };
  return { fetch, calls };
}

test('writes carry the CSRF token, reads do not; cookies are same-origin', async () => {
  const { fetch, calls } = fakeFetch(200, '{"ok":true}');
  const api = new ApiClient({ fetch });
  api.setCsrfToken('tok-123');
  await api.get('catalogue');
  await api.post('auth/password', { a: 1 });
  const get = calls[0]!.init.headers as Record<string, string>;
  const post = calls[1]!.init.headers as Record<string, string>;
  assert.equal(get['X-CSRF-Token'], undefined);
  assert.equal(post['X-CSRF-Token'], 'tok-123');
  assert.equal(post['Content-Type'], 'application/json');
  assert.equal(calls[1]!.init.credentials, 'same-origin');
  assert.equal(calls[1]!.init.body, '{"a":1}');
});

test('a 401 on a signed-in call reports the expiry once and throws the problem', async () => {
  const { fetch } = fakeFetch(401, '{"type":"urn:preau:problem:not-authenticated","title":"Connectez-vous.","status":401}', 'application/problem+json');
  let expired = 0;
  const api = new ApiClient({ fetch, onSessionExpired: () => { expired++; } });
  await assert.rejects(api.get('catalogue'), (e: unknown) => e instanceof ProblemError && e.title === 'Connectez-vous.');
  assert.equal(expired, 1);
  const wrongPassword = fakeFetch(401, '{"type":"urn:preau:problem:invalid-credentials","title":"Mot de passe incorrect.","status":401}', 'application/problem+json');
  const api2 = new ApiClient({ fetch: wrongPassword.fetch, onSessionExpired: () => { expired++; } });
  await assert.rejects(api2.post('auth/login', {}, { authAttempt: true }));
  assert.equal(expired, 1);
});

test('204 gives undefined; a network failure gives a French problem', async () => {
  const ok = new ApiClient({ fetch: fakeFetch(204, '').fetch });
  assert.equal(await ok.post('auth/logout'), undefined);
  const down = new ApiClient({ fetch: async () => { throw new TypeError('Failed to fetch'); } });
  await assert.rejects(down.get('me'), (e: unknown) => e instanceof ProblemError && e.status === 0 && /réseau/.test(e.title));
});

/** A scripted XMLHttpRequest: records what is sent, answers with `status`/`body` after progress events. */
function fakeXhr(status: number, body: string, contentType = 'application/json') {
  const sent: { method?: string; url?: string; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const make = () => {
    const x = {
      status: 0, responseText: '',
      upload: { onprogress: null as null | ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) },
      onload: null as null | (() => void), onerror: null as null | (() => void), onabort: null as null | (() => void),
      open(method: string, url: string) { sent.method = method; sent.url = url; },
      setRequestHeader(n: string, v: string) { sent.headers[n] = v; },
      getResponseHeader(n: string) { return n.toLowerCase() === 'content-type' ? contentType : null; },
      abort() { x.onabort?.(); },
      send(b: unknown) {
        sent.body = b;
        setTimeout(() => {
          x.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
          x.status = status; x.responseText = body;
          x.onload?.();
        }, 0);
      },
    };
    return x;
  };
  return { sent, make };
}

test('upload sends the CSRF header and reports progress; errors carry the French title', async () => {
  const ok = fakeXhr(201, '{"id":"f1"}');
  const api = new ApiClient({ xhr: ok.make });
  api.setCsrfToken('tok-123');
  const seen: number[] = [];
  const blob = new Blob(['hello'], { type: 'text/plain' });
  const answer = await api.upload<{ id: string }>('cahier/pieces', blob, { method: 'PUT', query: { seance: 's 1' }, onProgress: (f) => seen.push(f) });
  assert.deepEqual(answer, { id: 'f1' });
  assert.equal(ok.sent.method, 'PUT');
  assert.equal(ok.sent.url, '/api/v1/cahier/pieces?seance=s+1');
  assert.equal(ok.sent.headers['X-CSRF-Token'], 'tok-123');
  assert.equal(ok.sent.headers['Content-Type'], 'text/plain');
  assert.deepEqual(seen, [0.5, 1]);

  const multipart = fakeXhr(204, '');
  const api2 = new ApiClient({ xhr: multipart.make });
  await api2.upload('docs', new Blob(['x']), { field: 'fichier', fields: { dossier: 'd1' } });
  assert.ok(multipart.sent.body instanceof FormData);
  assert.equal((multipart.sent.body as FormData).get('dossier'), 'd1');
  assert.equal(multipart.sent.headers['Content-Type'], undefined, 'the browser writes the multipart boundary');
  assert.equal(multipart.sent.headers['X-CSRF-Token'], undefined, 'no token, no header');

  let expired = 0;
  const tooBig = fakeXhr(413, JSON.stringify({ title: 'Ce fichier dépasse 20 Mo.', status: 413 }), 'application/problem+json');
  const api3 = new ApiClient({ xhr: tooBig.make, onSessionExpired: () => { expired++; } });
  await assert.rejects(api3.upload('docs', new Blob(['x'])), (e: unknown) => e instanceof ProblemError && e.status === 413 && e.title === 'Ce fichier dépasse 20 Mo.');
  const gone = fakeXhr(401, '{"type":"urn:preau:problem:not-authenticated","title":"Session expirée"}');
  await assert.rejects(new ApiClient({ xhr: gone.make, onSessionExpired: () => { expired++; } }).upload('docs', new Blob(['x'])));
  assert.equal(expired, 1);
});
