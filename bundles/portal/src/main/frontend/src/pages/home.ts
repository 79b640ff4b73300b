import type { App, PageFn } from '../app.js';
import { ProblemError } from '../api.js';
import { firstName, relativeDay } from '../format.js';
import type { CatalogueItem, NotificationItem, Notifications } from '../types.js';
import { favouriteLabel, orderByFavourites, unreadText } from '../personal.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, colourFor, emptyState, skeleton, statusText, tile, withBusy } from '../ui/kit.js';
import { mayUseConsole } from '../personal.js';
import { moduleName, safeHref, searchSection } from './search.js';

export { safeHref };

export const NO_MODULE = "Aucun service n'est encore installé. Le référent numérique de l'établissement peut en ajouter.";

function notificationsSection(app: App): HTMLElement {
  const body = h('div', { class: 'panel-body', 'aria-busy': 'true' }, skeleton(3));
  const status = statusText();
  let items: NotificationItem[] = [];
  let unread = 0;

  const markAll = button('Tout marquer comme lu', { variant: 'secondary', icon: 'check-check' });
  markAll.addEventListener('click', () => {
    void withBusy(markAll, 'Un instant…', async () => {
      try {
        await app.api.post('notifications/read');
        items = items.map((n) => ({ ...n, unread: false }));
        unread = 0;
        app.setUnread(0);
        render();
        status.say('Toutes les nouveautés sont marquées comme lues.');
        body.querySelector<HTMLElement>('.news-list a')?.focus();
      } catch (err) {
        status.say(err instanceof ProblemError ? err.title : 'Les nouveautés n’ont pas pu être marquées comme lues.');
      }
    });
  });

  /** Opening an item marks it read (the request outlives the page if the link leaves it). */
  const open = (n: NotificationItem) => {
    if (!n.unread) return;
    n.unread = false;
    unread = Math.max(0, unread - 1);
    app.setUnread(unread);
    void app.api.post(`notifications/${encodeURIComponent(n.key)}/read`, undefined, { keepalive: true }).catch(() => { /* still unread on the box */ });
  };

  const render = () => {
    clear(body);
    body.removeAttribute('aria-busy');
    if (!items.length) {
      body.append(emptyState("Rien de nouveau pour l'instant. Les nouveautés de vos services s'afficheront ici.", 'bell'));
      return;
    }
    body.append(h('div', { class: 'news-actions' }, h('p', {}, unreadText(unread)), unread > 0 ? markAll : null));
    const ul = h('ul', { class: 'news-list' });
    for (const n of items) {
      const at = new Date(n.at);
      const link = h('a', { href: safeHref(n.url) }, n.unread ? h('span', { class: 'visually-hidden' }, 'Non lu : ') : null, n.title);
      link.addEventListener('click', () => open(n));
      ul.append(h('li', { class: `news ${n.unread ? 'is-unread' : ''}` },
        h('span', { class: `news-icon ${colourFor(n.module)}`, 'aria-hidden': 'true' },
          icon(app.catalogue?.find((m) => m.id === n.module)?.icon ?? 'bell', 18)),
        h('span', { class: 'news-text' },
          link,
          h('span', { class: 'news-meta' },
            n.unread ? h('span', { class: 'unread-mark', 'aria-hidden': 'true' }, 'Nouveau · ') : null,
            moduleName(app, n.module, n.moduleName),
            Number.isNaN(at.getTime()) ? null : h('span', {}, ' · ', h('time', { datetime: n.at }, relativeDay(at)))))));
    }
    body.append(ul);
  };

  app.api.get<Notifications>('notifications', { query: { limit: 10 } })
    .then((res) => {
      items = Array.isArray(res?.items) ? res.items.map((n) => ({ ...n, unread: n.unread === true })) : [];
      unread = typeof res?.unread === 'number' ? res.unread : items.filter((n) => n.unread).length;
      app.setUnread(unread);
      render();
    })
    .catch((err: unknown) => {
      clear(body);
      body.removeAttribute('aria-busy');
      body.append(alert('error', err instanceof ProblemError ? err.title : 'Les nouveautés ne se sont pas chargées.'));
    });
  return h('section', { class: 'panel', 'aria-labelledby': 'news-title' },
    h('h2', { id: 'news-title', tabindex: '-1' }, icon('bell', 20), h('span', {}, 'Nouveautés')), status.root, body);
}

function renderTiles(app: App, list: HTMLElement, items: CatalogueItem[], say: (text: string) => void): void {
  clear(list);
  if (!items.length) {
    list.append(emptyState(NO_MODULE, 'layout-grid'));
    return;
  }
  const favourites = app.favourites ?? [];
  const ul = h('ul', { class: 'tiles' });
  for (const m of orderByFavourites(items, favourites)) {
    const pinned = favourites.includes(m.id);
    const li = tile({ title: m.name, description: m.description, icon: m.icon, href: `#/module/${encodeURIComponent(m.id)}`, colour: colourFor(m.id) });
    if (pinned) li.querySelector('.tile-text')?.append(h('span', { class: 'fav-mark' }, 'Favori'));
    const star = h('button', { type: 'button', class: `fav-toggle ${pinned ? 'is-pinned' : ''}`, 'aria-label': favouriteLabel(m.name, pinned) },
      icon('star', 20));
    star.addEventListener('click', () => {
      star.disabled = true;
      app.setFavourite(m.id, !pinned)
        .then(() => {
          renderTiles(app, list, items, say);
          say(pinned ? `${m.name} est retiré de vos favoris.` : `${m.name} est ajouté à vos favoris : il s’affiche en premier.`);
          // keep the keyboard where it was: on this module's star, wherever the tile went
          list.querySelector<HTMLButtonElement>(`[data-module="${CSS.escape(m.id)}"]`)?.focus();
        })
        .catch((err: unknown) => {
          star.disabled = false;
          say(err instanceof ProblemError ? err.title : 'Le favori n’a pas pu être enregistré. Réessayez.');
        });
    });
    star.dataset.module = m.id;
    li.append(star);
    ul.append(li);
  }
  list.append(ul);
}

/** What changed between two catalogues, in words for the live region. */
export function describeChange(before: CatalogueItem[] | null, after: CatalogueItem[]): string {
  if (!before) return '';
  const old = new Set(before.map((m) => m.id));
  const now = new Set(after.map((m) => m.id));
  const added = after.filter((m) => !old.has(m.id)).map((m) => m.name);
  const removed = before.filter((m) => !now.has(m.id)).map((m) => m.name);
  const parts: string[] = [];
  if (added.length) parts.push(`${added.length > 1 ? 'Nouveaux services' : 'Nouveau service'} : ${added.join(', ')}.`);
  if (removed.length) parts.push(`${removed.length > 1 ? 'Services retirés' : 'Service retiré'} : ${removed.join(', ')}.`);
  return parts.join(' ');
}

function today(): string {
  const s = new Date().toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long' });
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const homePage: PageFn = (app) => {
  const person = app.session!.person;
  const flash = app.takeFlash();
  const tilesBox = h('div', { class: 'panel-body', 'aria-busy': 'true' }, skeleton(3));
  const catalogueStatus = statusText();
  const catalogueError = h('div', {});
  let shown: CatalogueItem[] | null = null;

  const show = (items: CatalogueItem[]) => {
    clear(catalogueError);
    tilesBox.removeAttribute('aria-busy');
    if (JSON.stringify(items) !== JSON.stringify(shown)) {
      const change = describeChange(shown, items);
      renderTiles(app, tilesBox, items, (t) => catalogueStatus.say(t));
      if (change) catalogueStatus.say(change);
      shown = items;
    }
  };
  const failed = (err: unknown) => {
    if (err instanceof ProblemError && err.status === 401) return;
    if (!shown) {
      tilesBox.removeAttribute('aria-busy');
      clear(tilesBox);
    }
    clear(catalogueError);
    catalogueError.append(alert('warning', err instanceof ProblemError ? err.title : 'La liste des services ne s’est pas chargée.'));
  };
  const load = async () => {
    try {
      // favourites and catalogue travel together (the tiles need both)
      const favourites = app.favourites ? null : app.loadFavourites().catch(() => { app.favourites = []; });
      const items = await app.refreshCatalogue();
      await favourites;
      show(items);
    } catch (err) {
      failed(err);
    }
  };
  void load();
  // then the shell's poller (one for every page) tells what the referent installs or removes
  const offCatalogue = app.onCatalogue((items) => { if (app.favourites) show(items); });
  const offError = app.onCatalogueError(failed);

  const node = h('div', { class: 'home' },
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, `Bonjour ${firstName(person.displayName)}`),
      h('p', { class: 'lead' }, today())),
    flash ? alert(flash.kind, flash.message) : null,
    searchSection(app),
    notificationsSection(app),
    h('section', { class: 'panel', 'aria-labelledby': 'services-title', id: 'services' },
      h('h2', { id: 'services-title' }, icon('layout-grid', 20), h('span', {}, 'Vos services')),
      catalogueError, catalogueStatus.root, tilesBox),
    mayUseConsole(person.profiles)
      ? h('section', { class: 'panel', 'aria-labelledby': 'console-title' },
        h('h2', { id: 'console-title' }, icon('settings', 20), h('span', {}, 'Administration')),
        h('p', {}, h('a', { href: '#/console' }, person.profiles.includes('REFERENT')
          ? 'Ouvrir la console : comptes, imports de l’annuaire, établissements'
          : 'Ouvrir la console : comptes de l’établissement')))
      : null);

  return { title: 'Accueil', node, layout: 'signed-in', dispose: () => { offCatalogue(); offError(); } };
};
