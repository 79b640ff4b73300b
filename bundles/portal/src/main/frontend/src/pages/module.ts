import type { App, PageFn } from '../app.js';
import type { ApiClient } from '../api.js';
import type { Child, Person } from '../types.js';
import { h, clear } from '../ui/dom.js';
import { emptyState, kit, skeleton, type Kit } from '../ui/kit.js';

export const GONE = 'Ce service n’est plus disponible. Il a peut-être été retiré par le référent numérique.';

/** What a module's `mount(element, context)` receives. */
export interface ModuleContext {
  person: Person;
  csrfToken: string;
  /** The shell's client: base /api/v1, CSRF header added on writes, problem titles in errors. */
  api: ApiClient;
  /** The shared component kit: use it rather than styling your own. */
  kit: Kit;
  /** Go to another screen, e.g. `navigate('#/')`. */
  navigate: (hash: string) => void;
  /**
   * For a responsable légal, the child they follow now (null otherwise). Switching child mounts
   * the module again with the new one: a child-scoped screen just reads it at mount.
   */
  child: Child | null;
}

/** A module entry point: an ES module exporting `mount`; it may return a clean-up function. */
export interface ModuleEntry {
  mount(element: HTMLElement, context: ModuleContext): void | (() => void) | Promise<void | (() => void)>;
}

function gone(container: HTMLElement, title: HTMLElement): void {
  title.textContent = 'Service indisponible';
  clear(container);
  container.append(emptyState(GONE, 'circle-alert'),
    h('p', {}, h('a', { href: '#/' }, 'Revenir à l’accueil')));
}

export const modulePage: PageFn = (app: App, route) => {
  const id = route.params.id ?? '';
  const title = h('h1', { tabindex: '-1' }, 'Chargement du service…');
  const crumb = h('li', { 'aria-current': 'page' }, app.catalogue?.find((m) => m.id === id)?.name ?? 'Service');
  const container = h('div', { class: 'module-root', 'aria-busy': 'true' }, skeleton(4));
  let cleanup: (() => void) | null = null;
  let disposed = false;

  (async () => {
    let item;
    try {
      const items = await app.refreshCatalogue();
      item = items.find((m) => m.id === id);
    } catch {
      item = undefined;
    }
    if (disposed) return;
    container.removeAttribute('aria-busy');
    if (!item) { gone(container, title); return; }
    title.textContent = item.name;
    crumb.textContent = item.name;
    document.title = `${item.name} – Préau`;
    try {
      const mod = (await import(/* @vite-ignore */ item.entryPoint)) as Partial<ModuleEntry>;
      if (disposed) return;
      if (typeof mod.mount !== 'function') throw new Error('no mount');
      clear(container);
      await app.loadChildren().catch(() => []);
      if (disposed) return;
      const context: ModuleContext = {
        person: app.session!.person,
        csrfToken: app.api.token,
        api: app.api,
        kit,
        navigate: (hash) => app.go(hash),
        child: app.child,
      };
      const result = await mod.mount(container, context);
      if (typeof result === 'function') {
        if (disposed) result(); else cleanup = result;
      }
    } catch (e) {
      if (!disposed) {
        console.warn('module failed to load', id, e);
        gone(container, title);
      }
    }
  })();

  const node = h('div', { class: 'module-page' },
    h('nav', { 'aria-label': 'Fil d’Ariane', class: 'breadcrumb' },
      h('ol', {}, h('li', {}, h('a', { href: '#/' }, 'Accueil')), crumb)),
    title, container);
  return {
    title: 'Service', node, layout: 'signed-in',
    dispose: () => { disposed = true; try { cleanup?.(); } catch (e) { console.warn('module clean-up failed', e); } },
  };
};
