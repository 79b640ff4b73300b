import type { App, PageFn } from '../app.js';
import type { ApiClient } from '../api.js';
import type { Child, Person } from '../types.js';
import { h, clear } from '../ui/dom.js';
import { emptyState, kit, skeleton, statusText, type Kit } from '../ui/kit.js';
import { moduleFate } from '../watch.js';
import type { Kit as ModuleKit } from '../module-kit.js';

/** The kit given to modules: it must fulfil the contract their front ends compile against (module-kit.d.ts). */
const moduleKit: ModuleKit = kit;

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
  /**
   * What follows the module's id in the address, '' when nothing: `#/module/cahier/devoir/12`
   * gives 'devoir/12'. A module opens the matching view at mount (a notification or a search hit
   * leads there); another path re-mounts the module.
   */
  path: string;
  /** The address of one of the module's own views: `link('devoir/12')` → `#/module/cahier/devoir/12`. */
  link: (path: string) => string;
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
  const status = statusText();
  let cleanup: (() => void) | null = null;
  let disposed = false;
  let isGone = false;

  const runCleanup = () => {
    const c = cleanup;
    cleanup = null;
    try { c?.(); } catch (e) { console.warn('module clean-up failed', e); }
  };
  const goneNow = () => {
    if (isGone) return;
    isGone = true;
    container.removeAttribute('aria-busy');
    gone(container, title);
    crumb.textContent = 'Service indisponible';
    document.title = 'Service indisponible – Préau';
  };

  // the shell's poller: the referent removes the module while its page is open → said kindly, no reload
  const offCatalogue = app.onCatalogue((items) => {
    if (disposed || isGone || moduleFate(items, id) === 'present') return;
    const name = crumb.textContent ?? '';
    runCleanup();
    goneNow();
    status.say(name && name !== 'Service' ? `Le service « ${name} » vient d’être retiré par le référent numérique.`
      : 'Le service vient d’être retiré par le référent numérique.');
  });

  (async () => {
    let item;
    try {
      const items = await app.refreshCatalogue();
      item = items.find((m) => m.id === id);
    } catch {
      item = undefined;
    }
    if (disposed || isGone) return;
    container.removeAttribute('aria-busy');
    if (!item) { goneNow(); return; }
    title.textContent = item.name;
    crumb.textContent = item.name;
    document.title = `${item.name} – Préau`;
    try {
      const mod = (await import(/* @vite-ignore */ item.entryPoint)) as Partial<ModuleEntry>;
      if (disposed || isGone) return;
      if (typeof mod.mount !== 'function') throw new Error('no mount');
      clear(container);
      await app.loadChildren().catch(() => []);
      if (disposed || isGone) return;
      const context: ModuleContext = {
        person: app.session!.person,
        csrfToken: app.api.token,
        api: app.api,
        kit: moduleKit as Kit,
        navigate: (hash) => app.go(hash),
        child: app.child,
        path: route.params['*'] ?? '',
        link: (path) => `#/module/${encodeURIComponent(id)}${path ? '/' + path.split('/').map(encodeURIComponent).join('/') : ''}`,
      };
      const result = await mod.mount(container, context);
      if (typeof result === 'function') {
        if (disposed || isGone) result(); else cleanup = result;
      }
    } catch (e) {
      if (!disposed && !isGone) {
        console.warn('module failed to load', id, e);
        goneNow();
      }
    }
  })();

  const node = h('div', { class: 'module-page' },
    h('nav', { 'aria-label': 'Fil d’Ariane', class: 'breadcrumb' },
      h('ol', {}, h('li', {}, h('a', { href: '#/' }, 'Accueil')), crumb)),
    title, status.root, container);
  return {
    title: 'Service', node, layout: 'signed-in',
    dispose: () => { disposed = true; offCatalogue(); runCleanup(); },
  };
};
