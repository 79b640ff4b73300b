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
