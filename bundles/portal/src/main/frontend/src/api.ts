/**
 * The box's REST client: JSON in and out, same-origin cookies, the CSRF header on writes,
 * and application/problem+json errors turned into {@link ProblemError}s carrying the French title.
 * No DOM access here: this module is unit-tested under Node.
 */

export const API_BASE = '/api/v1';
export const CSRF_HEADER = 'X-CSRF-Token';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the person reads when the server gave no usable explanation. */
export const FALLBACK_TITLES: Record<number, string> = {
  0: 'Le serveur ne répond pas. Vérifiez votre connexion au réseau puis réessayez.',
  401: 'Votre session a expiré. Reconnectez-vous.',
  403: "Vous n'avez pas accès à cette page.",
  404: "Cette page n'existe pas ou plus.",
  413: 'Ce que vous envoyez est trop volumineux.',
  429: 'Trop de tentatives. Patientez quelques minutes puis réessayez.',
  503: 'Préau démarre ou est en maintenance. Réessayez dans un instant.',
};
const GENERIC_TITLE = "Une erreur est survenue sur le serveur. Réessayez ; si cela continue, prévenez le référent numérique de l'établissement.";

/** A failed call: `title` is a French sentence to show as is. */
export class ProblemError extends Error {
  readonly status: number;
  /** Stable code from `urn:preau:problem:<code>`, or '' when unknown. */
  readonly code: string;
  readonly title: string;

  constructor(status: number, code: string, title: string) {
    super(title);
    this.name = 'ProblemError';
    this.status = status;
    this.code = code;
    this.title = title;
  }
}

export function fallbackTitle(status: number): string {
  return FALLBACK_TITLES[status] ?? GENERIC_TITLE;
}

/** `urn:preau:problem:invalid-credentials` → `invalid-credentials`; anything else → ''. */
export function problemCode(type: unknown): string {
  if (typeof type !== 'string') return '';
  const prefix = 'urn:preau:problem:';
  return type.startsWith(prefix) ? type.slice(prefix.length) : '';
}

/**
 * Builds the error for a non-2xx answer from its status, Content-Type and body text.
 * A problem+json (or JSON) body with a non-empty string `title` gives that title; otherwise
 * a French fallback chosen by status.
 */
export function parseProblem(status: number, contentType: string | null, bodyText: string): ProblemError {
  const ct = (contentType ?? '').toLowerCase();
  if (bodyText && (ct.includes('json'))) {
    try {
      const body: unknown = JSON.parse(bodyText);
      if (body && typeof body === 'object') {
        const b = body as Record<string, unknown>;
        const title = typeof b.title === 'string' && b.title.trim() ? b.title.trim() : fallbackTitle(status);
        const st = typeof b.status === 'number' && b.status >= 400 && b.status <= 599 ? b.status : status;
        return new ProblemError(st, problemCode(b.type), title);
      }
    } catch {
      // not JSON after all: fall through
    }
  }
  return new ProblemError(status, '', fallbackTitle(status));
}

export interface RequestOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /**
   * A login-like call (login, first login, set-up, password check): a 401 is that call's own
   * answer and does not mean the session expired, unless its code says so.
   */
  authAttempt?: boolean;
  signal?: AbortSignal;
  /** Let the request finish even if the page goes away (marking an item read before following its link). */
  keepalive?: boolean;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The part of XMLHttpRequest the upload uses (a fake in unit tests). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob | FormData): void;
  abort(): void;
  getResponseHeader(name: string): string | null;
  readonly status: number;
  readonly responseText: string;
  readonly upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  query?: RequestOptions['query'];
  signal?: AbortSignal;
  /** Called as bytes leave: fraction 0…1 (1 once the server has answered). */
  onProgress?: (fraction: number) => void;
  /**
   * Send as multipart/form-data with the file under this field name (plus `fields`); without it
   * the body is the file's bytes (application/octet-stream).
   */
  field?: string;
  fields?: Record<string, string>;
}

export interface ApiClientOptions {
  base?: string;
  fetch?: FetchLike;
  /** Makes the XMLHttpRequest used by {@link ApiClient.uploadWithProgress} (fetch cannot report upload progress). */
  xhr?: () => XhrLike;
  /** Called when a signed-in call answers 401 (session gone). */
  onSessionExpired?: (problem: ProblemError) => void;
}

/** Builds `/api/v1/<path>?a=b` with proper encoding. */
export function buildUrl(base: string, path: string, query?: RequestOptions['query']): string {
  const clean = path.replace(/^\/+/, '');
  let url = `${base.replace(/\/+$/, '')}/${clean}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

/** Whether a 401 means "your session is over" (and not "wrong password"). */
export function isSessionExpiry(problem: ProblemError, options: RequestOptions): boolean {
  if (problem.status !== 401) return false;
  if (!options.authAttempt) return true;
  return problem.code === 'not-authenticated' || problem.code === 'session-expired';
}

export class ApiClient {
  private readonly base: string;
  private readonly doFetch: FetchLike;
  private readonly makeXhr: () => XhrLike;
  private csrfToken = '';
  /** Set by the shell; modules may read it but should not replace it. */
  onSessionExpired: ((problem: ProblemError) => void) | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.base = options.base ?? API_BASE;
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onSessionExpired = options.onSessionExpired;
    this.makeXhr = options.xhr ?? (() => new XMLHttpRequest() as unknown as XhrLike);
  }

  /** The token sent in X-CSRF-Token on writes; from login, first login or GET /me. */
  setCsrfToken(token: string | null | undefined): void {
    this.csrfToken = token ?? '';
  }

  get token(): string {
    return this.csrfToken;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }

  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** Sends a file as the raw body (e.g. a photo), with its own Content-Type. */
  upload<T>(path: string, file: Blob, method: 'PUT' | 'POST' = 'PUT', options: RequestOptions = {}): Promise<T> {
    return this.request<T>(method, path, file, options);
  }

  async request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (options.signal) init.signal = options.signal;
    if (options.keepalive) init.keepalive = true;
    if (typeof Blob !== 'undefined' && body instanceof Blob) {
      headers['Content-Type'] = body.type || 'application/octet-stream';
      init.body = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (WRITE_METHODS.has(method) && this.csrfToken) {
      headers[CSRF_HEADER] = this.csrfToken;
    }
    let response: Response;
    try {
      response = await this.doFetch(buildUrl(this.base, path, options.query), init);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ProblemError(0, 'network', fallbackTitle(0));
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const problem = parseProblem(response.status, response.headers.get('Content-Type'), text);
      if (isSessionExpiry(problem, options) && this.onSessionExpired) {
        this.onSessionExpired(problem);
      }
      throw problem;
    }
    if (response.status === 204 || response.status === 205) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ProblemError(response.status, 'invalid-response', GENERIC_TITLE);
    }
  }

  /**
   * Sends a file with progress (XMLHttpRequest: fetch cannot report upload progress), with the
   * same CSRF header, the same errors (French problem titles) and the same session-expiry
   * handling as the other calls. Resolves with the JSON answer (undefined when empty).
   */
  uploadWithProgress<T>(path: string, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = this.makeXhr();
      const method = options.method ?? 'POST';
      xhr.open(method, buildUrl(this.base, path, options.query));
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
      if (this.csrfToken) xhr.setRequestHeader(CSRF_HEADER, this.csrfToken);
      let body: Blob | FormData = file;
      if (options.field) {
        const form = new FormData();
        for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
        form.append(options.field, file, file.name ?? 'fichier');
        body = form; // the browser writes the multipart Content-Type with its boundary
      } else {
        xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      }
      const onAbort = () => xhr.abort();
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) options.onProgress?.(Math.min(1, e.loaded / e.total));
      };
      xhr.onload = () => {
        done();
        if (xhr.status >= 200 && xhr.status < 300) {
          options.onProgress?.(1);
          const text = xhr.responseText;
          if (!text || xhr.status === 204) { resolve(undefined as T); return; }
          try { resolve(JSON.parse(text) as T); } catch { resolve(undefined as T); }
          return;
        }
        const problem = parseProblem(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText);
        if (isSessionExpiry(problem, {}) && this.onSessionExpired) this.onSessionExpired(problem);
        reject(problem);
      };
      xhr.onerror = () => { done(); reject(new ProblemError(0, 'network', fallbackTitle(0))); };
      xhr.onabort = () => { done(); reject(new DOMException('Envoi annulé', 'AbortError')); };
      if (options.signal?.aborted) { reject(new DOMException('Envoi annulé', 'AbortError')); return; }
      options.signal?.addEventListener('abort', onAbort);
      xhr.send(body);
    });
  }
}
