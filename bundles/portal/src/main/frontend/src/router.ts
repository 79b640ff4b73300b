/**
 * A tiny hash router: `#/module/cahier` → { name: 'module', params: { id: 'cahier' } }. A final `*`
 * segment takes whatever follows, none included: `/module/:id/*` also matches
 * `#/module/cahier/devoir/12` with `params['*'] = 'devoir/12'` (each segment decoded).
 */

export interface Route {
  name: string;
  params: Record<string, string>;
}

export interface RouteDef {
  name: string;
  /** Path with `:param` segments and an optional final `*`, e.g. `/module/:id/*`. */
  path: string;
}

/** Parses a location hash against the route table; unknown paths give `notFound`. */
export function matchRoute(hash: string, routes: readonly RouteDef[]): Route {
  let path = hash.replace(/^#/, '');
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  if (!path.startsWith('/')) path = '/' + path;
  if (path.length > 1) path = path.replace(/\/+$/, '');
  const parts = path.split('/').slice(1);
  for (const def of routes) {
    let defParts = def.path.split('/').slice(1);
    if (def.path === '/' && path === '/') return { name: def.name, params: {} };
    const rest = defParts[defParts.length - 1] === '*';
    if (rest) defParts = defParts.slice(0, -1);
    if (def.path === '/' || (rest ? parts.length < defParts.length : defParts.length !== parts.length)) continue;
    const params: Record<string, string> = {};
    let ok = true;
    if (rest) {
      try {
        params['*'] = parts.slice(defParts.length).map((p) => decodeURIComponent(p)).filter((p) => p !== '').join('/');
      } catch {
        continue;
      }
    }
    for (let i = 0; i < defParts.length; i++) {
      const d = defParts[i]!;
      const p = parts[i]!;
      if (d.startsWith(':')) {
        let value: string;
        try {
          value = decodeURIComponent(p);
        } catch {
          ok = false;
          break;
        }
        if (!value) { ok = false; break; }
        params[d.slice(1)] = value;
      } else if (d !== p) {
        ok = false;
        break;
      }
    }
    if (ok) return { name: def.name, params };
  }
  return { name: 'notFound', params: { path } };
}

/** Builds a hash for a route: `hrefFor('/module/:id', { id: 'cahier' })` → `#/module/cahier`. */
export function hrefFor(path: string, params: Record<string, string> = {}): string {
  const filled = path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
  return '#' + filled;
}

/** Listens to hash changes and calls `onRoute` with the matched route. */
export class Router {
  private readonly routes: readonly RouteDef[];
  private readonly onRoute: (route: Route) => void;
  private readonly listener = () => this.onRoute(this.current());

  constructor(routes: readonly RouteDef[], onRoute: (route: Route) => void) {
    this.routes = routes;
    this.onRoute = onRoute;
  }

  start(): void {
    window.addEventListener('hashchange', this.listener);
    this.listener();
  }

  current(): Route {
    return matchRoute(window.location.hash || '#/', this.routes);
  }

  /** Goes to a hash; re-renders even when it is the current one. */
  go(hash: string): void {
    if (window.location.hash === hash) this.listener();
    else window.location.hash = hash;
  }
}
