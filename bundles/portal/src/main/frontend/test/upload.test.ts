import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ProblemError } from '../src/api.js';

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

test('uploadWithProgress sends the CSRF header and reports progress; errors carry the French title', async () => {
  const ok = fakeXhr(201, '{"id":"f1"}');
  const api = new ApiClient({ xhr: ok.make });
  api.setCsrfToken('tok-123');
  const seen: number[] = [];
  const blob = new Blob(['hello'], { type: 'text/plain' });
  const answer = await api.uploadWithProgress<{ id: string }>('cahier/pieces', blob, { method: 'PUT', query: { seance: 's 1' }, onProgress: (f) => seen.push(f) });
  assert.deepEqual(answer, { id: 'f1' });
  assert.equal(ok.sent.method, 'PUT');
  assert.equal(ok.sent.url, '/api/v1/cahier/pieces?seance=s+1');
  assert.equal(ok.sent.headers['X-CSRF-Token'], 'tok-123');
  assert.equal(ok.sent.headers['Content-Type'], 'text/plain');
  assert.deepEqual(seen, [0.5, 1]);

  const multipart = fakeXhr(204, '');
  const api2 = new ApiClient({ xhr: multipart.make });
  await api2.uploadWithProgress('docs', new Blob(['x']), { field: 'fichier', fields: { dossier: 'd1' } });
  assert.ok(multipart.sent.body instanceof FormData);
  assert.equal((multipart.sent.body as FormData).get('dossier'), 'd1');
  assert.equal(multipart.sent.headers['Content-Type'], undefined, 'the browser writes the multipart boundary');
  assert.equal(multipart.sent.headers['X-CSRF-Token'], undefined, 'no token, no header');

  let expired = 0;
  const tooBig = fakeXhr(413, JSON.stringify({ title: 'Ce fichier dépasse 20 Mo.', status: 413 }), 'application/problem+json');
  const api3 = new ApiClient({ xhr: tooBig.make, onSessionExpired: () => { expired++; } });
  await assert.rejects(api3.uploadWithProgress('docs', new Blob(['x'])), (e: unknown) => e instanceof ProblemError && e.status === 413 && e.title === 'Ce fichier dépasse 20 Mo.');
  const gone = fakeXhr(401, '{"type":"urn:preau:problem:not-authenticated","title":"Session expirée"}');
  await assert.rejects(new ApiClient({ xhr: gone.make, onSessionExpired: () => { expired++; } }).uploadWithProgress('docs', new Blob(['x'])));
  assert.equal(expired, 1);
});
