/** The shell's state: the API client, the signed-in person, the catalogue, the router, flash messages. */
import { ApiClient, ProblemError } from './api.js';
import { Router, type Route } from './router.js';
import type { CatalogueItem, Child, Items, Notifications, OwnProfile, ServerPrefs, SessionInfo } from './types.js';
import { chooseDisplayPrefs } from './personal.js';
import type { AlertKind } from './ui/kit.js';
import { CATALOGUE_POLL_MS, poller } from './watch.js';

export interface Flash {
  kind: AlertKind;
  message: string;
  title?: string;
}

/** What the login page says after a session ran out. */
export const EXPIRED_TITLE = 'Votre session a expiré';
export const EXPIRED_MESSAGE = 'Pour protéger vos données, Préau vous déconnecte après un long moment sans activité. '
  + 'Reconnectez-vous : vous reviendrez à la page où vous étiez.';

/** A school's logo as the box lists them (GET /schools/logos). */
export interface SchoolLogo { uai: string; name: string; logo: string }

export interface PageResult {
  /** Document title, without the " – Préau" suffix. */
  title: string;
  node: Node;
  /** Public pages (login, first login, set-up) use the plain layout. */
  layout: 'public' | 'signed-in';
  dispose?: () => void;
}

export type PageFn = (app: App, route: Route) => PageResult;

export const ROUTES = [
  { name: 'home', path: '/' },
  { name: 'login', path: '/login' },
  { name: 'activation', path: '/activation' },
  { name: 'setup', path: '/setup' },
  { name: 'profile', path: '/profile' },
  { name: 'module', path: '/module/:id/*' },
  { name: 'console', path: '/console' },
  { name: 'console', path: '/console/:section' },
  { name: 'console', path: '/console/comptes/:login' },
  { name: 'forgotten', path: '/mot-de-passe-oublie' },
  { name: 'search', path: '/recherche' },
  { name: 'person', path: '/annuaire/:id' },
  { name: 'help', path: '/aide' },
  { name: 'legal', path: '/mentions-legales' },
  { name: 'accessibility', path: '/accessibilite' },
] as const;

export const PUBLIC_ROUTES = new Set(['login', 'activation', 'setup', 'forgotten']);
/** Pages anyone reads, signed in or not. */
export const OPEN_ROUTES = new Set(['help', 'legal', 'accessibility', 'notFound']);

export class App {
  readonly api = new ApiClient();
  session: SessionInfo | null = null;
  setupRequired = false;
  catalogue: CatalogueItem[] | null = null;
  private flash: Flash | null = null;
  /** Where to go back after signing in. */
  returnTo: string | null = null;
  /** Pre-filled login (after set-up: "referent"). */
  loginHint = '';
  readonly router: Router;
  private readonly catalogueListeners = new Set<(items: CatalogueItem[]) => void>();
  /** The pupils a parent follows (null until loaded; empty for others) and the one chosen now. */
  children: Child[] | null = null;
  child: Child | null = null;
  /** Module ids the person pinned (null until loaded). */
  favourites: string[] | null = null;
  /** Unread "nouveautés" (null until counted). */
  unread: number | null = null;
  /** One's own annuaire data and photo address (null until loaded). */
  profile: OwnProfile | null = null;
  private readonly unreadListeners = new Set<(n: number) => void>();
  private readonly profileListeners = new Set<(p: OwnProfile) => void>();

  /**
   * The shell's one catalogue poller, while someone is signed in: every page (and the navigation)
   * follows modules installed or removed by the referent, without a reload.
   */
  private readonly catalogueWatch = poller({
    refresh: () => this.refreshCatalogue().catch((e: unknown) => {
      for (const l of this.catalogueErrorListeners) l(e);
      throw e;
    }),
    every: CATALOGUE_POLL_MS,
    hidden: () => document.hidden,
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  });
  private readonly catalogueErrorListeners = new Set<(error: unknown) => void>();
  private catalogueFailed = false;

  constructor(onRoute: (route: Route) => void) {
    this.router = new Router(ROUTES, onRoute);
    this.api.onSessionExpired = () => this.sessionExpired();
    // back on the tab: the catalogue at once (polling pauses while it is hidden)
    document.addEventListener('visibilitychange', () => { if (this.session) this.catalogueWatch.poke(); });
  }

  setSession(info: SessionInfo): void {
    const again = this.session?.person.id === info.person.id;
    this.session = info;
    this.api.setCsrfToken(info.csrfToken);
    if (!again) void this.syncDisplayPrefs();
    this.catalogueWatch.start();
  }

  clearSession(): void {
    this.catalogueWatch.stop();
    this.session = null;
    this.catalogue = null;
    this.children = null;
    this.child = null;
    this.favourites = null;
    this.unread = null;
    this.profile = null;
    this.api.setCsrfToken(null);
  }

  setFlash(kind: AlertKind, message: string, title?: string): void {
    this.flash = { kind, message, title };
  }

  takeFlash(): Flash | null {
    const f = this.flash;
    this.flash = null;
    return f;
  }

  go(hash: string): void {
    this.router.go(hash);
  }

  /**
   * Any signed-in call that answers 401 lands here once: open dialogs close, and the login page
   * says kindly what happened; once signed in again, the person is back where they were.
   */
  sessionExpired(): void {
    if (!this.session) return;
    const here = window.location.hash;
    this.clearSession();
    this.returnTo = here && here !== '#/login' ? here : null;
    for (const d of Array.from(document.querySelectorAll('dialog'))) {
      if (d.open) d.close();
    }
    this.setFlash('warning', EXPIRED_MESSAGE, EXPIRED_TITLE);
    this.go('#/login');
  }

  /** The schools' logos (public), loaded once; empty when none or unreachable. */
  logos: SchoolLogo[] | null = null;
  private logosLoading: Promise<SchoolLogo[]> | null = null;

  loadLogos(force = false): Promise<SchoolLogo[]> {
    if (this.logos && !force) return Promise.resolve(this.logos);
    if (!this.logosLoading || force) {
      this.logosLoading = this.api.get<{ items?: SchoolLogo[] }>('schools/logos', { authAttempt: true })
        .then((b) => (this.logos = Array.isArray(b?.items) ? b.items : []))
        .catch((): SchoolLogo[] => []) // not kept: asked again next time (the box may be starting)
        .finally(() => { this.logosLoading = null; });
    }
    return this.logosLoading;
  }

  /** Tells the header that a logo changed (the console after an upload or a removal). */
  async logosChanged(): Promise<void> {
    await this.loadLogos(true);
    for (const l of this.logoListeners) l(this.logos ?? []);
  }

  private readonly logoListeners = new Set<(logos: SchoolLogo[]) => void>();

  onLogos(listener: (logos: SchoolLogo[]) => void): () => void {
    this.logoListeners.add(listener);
    return () => this.logoListeners.delete(listener);
  }

  async logout(): Promise<void> {
    try {
      await this.api.post('auth/logout', undefined, { authAttempt: true });
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      // the session may already be gone on the server: signing out locally is what matters
    }
    this.clearSession();
    this.returnTo = null;
    this.setFlash('success', 'Vous êtes déconnecté. À bientôt !');
    this.go('#/login');
  }

  /** Fetches the catalogue; tells listeners only when it changed. */
  async refreshCatalogue(): Promise<CatalogueItem[]> {
    let body: Items<CatalogueItem>;
    try {
      body = await this.api.get<Items<CatalogueItem>>('catalogue');
    } catch (e) {
      this.catalogueFailed = true;
      throw e;
    }
    const items = Array.isArray(body?.items) ? body.items : [];
    // after a failure, listeners hear again even if nothing changed (the home page clears its warning)
    const changed = this.catalogueFailed || JSON.stringify(items) !== JSON.stringify(this.catalogue);
    this.catalogueFailed = false;
    this.catalogue = items;
    if (changed) for (const l of this.catalogueListeners) l(items);
    return items;
  }

  /** Loads a parent's children once per session; keeps the child chosen in this tab. */
  async loadChildren(): Promise<Child[]> {
    if (this.children) return this.children;
    const profiles = this.session?.person.profiles ?? [];
    const body = profiles.includes('PARENT') ? await this.api.get<Items<Child>>('children') : { items: [] };
    this.children = Array.isArray(body?.items) ? body.items : [];
    let kept: string | null = null;
    try { kept = sessionStorage.getItem(CHILD_KEY); } catch { /* storage unavailable */ }
    this.child = this.children.find((c) => c.id === kept) ?? this.children[0] ?? null;
    return this.children;
  }

  /** Switches the followed child; the page shown follows (child-scoped screens re-render). */
  chooseChild(id: string): void {
    const next = this.children?.find((c) => c.id === id);
    if (!next || next.id === this.child?.id) return;
    this.child = next;
    try { sessionStorage.setItem(CHILD_KEY, next.id); } catch { /* storage unavailable */ }
    this.go(window.location.hash || '#/');
  }

  /** Loads the person's favourites once per session. */
  async loadFavourites(): Promise<string[]> {
    if (this.favourites) return this.favourites;
    const body = await this.api.get<Items<string>>('favourites');
    this.favourites = Array.isArray(body?.items) ? body.items : [];
    return this.favourites;
  }

  /** Pins or unpins a module; resolves with the new list (unchanged if the box refused). */
  async setFavourite(id: string, pinned: boolean): Promise<string[]> {
    const path = `favourites/${encodeURIComponent(id)}`;
    if (pinned) await this.api.put(path);
    else await this.api.delete(path);
    const now = (this.favourites ?? []).filter((m) => m !== id);
    this.favourites = pinned ? [...now, id] : now;
    return this.favourites;
  }

  /** Sets the unread count (from a listing) and tells the header. */
  setUnread(n: number): void {
    this.unread = n;
    for (const l of this.unreadListeners) l(n);
  }

  /** Counts the unread "nouveautés" again. */
  async refreshUnread(): Promise<number> {
    const body = await this.api.get<Notifications>('notifications', { query: { limit: 1 } });
    const n = typeof body?.unread === 'number' ? body.unread : 0;
    this.setUnread(n);
    return n;
  }

  onUnread(listener: (n: number) => void): () => void {
    this.unreadListeners.add(listener);
    return () => this.unreadListeners.delete(listener);
  }

  /** Loads one's own profile (once per session unless forced). */
  async loadProfile(force = false): Promise<OwnProfile> {
    if (this.profile && !force) return this.profile;
    const p = await this.api.get<OwnProfile>('me/profile');
    this.setProfile(p);
    return p;
  }

  setProfile(p: OwnProfile): void {
    this.profile = p;
    for (const l of this.profileListeners) l(p);
  }

  onProfile(listener: (p: OwnProfile) => void): () => void {
    this.profileListeners.add(listener);
    return () => this.profileListeners.delete(listener);
  }

  /** After signing in: the display preferences saved on the box win over this device's. */
  async syncDisplayPrefs(): Promise<void> {
    try {
      const server = await this.api.get<ServerPrefs>('me/preferences');
      const chosen = chooseDisplayPrefs(server, loadDisplayPrefs());
      applyDisplayPrefs(chosen, server?.saved === true);
    } catch {
      // this device's preferences stay
    }
  }

  /** Saves display preferences on this device and on the box. */
  async saveDisplayPrefs(p: DisplayPrefs): Promise<void> {
    applyDisplayPrefs(p, true);
    await this.api.put<ServerPrefs>('me/preferences', { contrast: p.contrast, large: p.large });
  }

  onCatalogue(listener: (items: CatalogueItem[]) => void): () => void {
    this.catalogueListeners.add(listener);
    return () => this.catalogueListeners.delete(listener);
  }

  /** A refresh of the shell's poller failed (the home page says the list did not load). */
  onCatalogueError(listener: (error: unknown) => void): () => void {
    this.catalogueErrorListeners.add(listener);
    return () => this.catalogueErrorListeners.delete(listener);
  }
}

/** The child a parent follows in this tab. */
export const CHILD_KEY = 'preau.child';

/** Reads the display preferences kept on this device and applies them to <html>. */
export const DISPLAY_KEY = 'preau.display';
export interface DisplayPrefs { contrast: boolean; large: boolean }

export function loadDisplayPrefs(): DisplayPrefs {
  try {
    const raw = localStorage.getItem(DISPLAY_KEY);
    if (raw) {
      const p = JSON.parse(raw) as Partial<DisplayPrefs>;
      return { contrast: !!p.contrast, large: !!p.large };
    }
  } catch {
    // storage unavailable: defaults
  }
  return { contrast: false, large: false };
}

export function applyDisplayPrefs(p: DisplayPrefs, save = false): void {
  document.documentElement.classList.toggle('high-contrast', p.contrast);
  document.documentElement.classList.toggle('large-text', p.large);
  if (save) {
    try { localStorage.setItem(DISPLAY_KEY, JSON.stringify(p)); } catch { /* private mode */ }
  }
}
