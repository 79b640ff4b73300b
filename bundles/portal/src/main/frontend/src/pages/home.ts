import type { App, PageFn } from '../app.js';
import { ProblemError } from '../api.js';
import { firstName, plural, relativeDay, snippetParts } from '../format.js';
import type { CatalogueItem, NotificationItem, Notifications, SearchHit, SearchPage } from '../types.js';
import { favouriteLabel, orderByFavourites, unreadText } from '../personal.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, colourFor, emptyState, skeleton, statusText, textField, tile, withBusy } from '../ui/kit.js';
import { mayUseConsole } from '../personal.js';

export const NO_MODULE = "Aucun service n'est encore installé. Le référent numérique de l'établissement peut en ajouter.";

/** Only paths on this box are followed (a module's url must not send people elsewhere). */
export function safeHref(url: string): string {
  return /^\/(?!\/)/.test(url) || url.startsWith('#/') ? url : '#/';
}

function moduleName(app: App, id: string, given?: string): string {
  return given ?? app.catalogue?.find((m) => m.id === id)?.name ?? id;
}

const TYPE_LABELS: Record<string, string> = {
  devoir: 'Devoir', seance: 'Séance', journal: 'Cahier journal', eleve: 'Élève', enseignant: 'Enseignant',
  responsable: 'Responsable', direction: 'Direction', personnel: 'Personnel',
};

/** A hit's snippet: the search module's marks become <mark> elements (built here, never parsed as HTML). */
function snippetNode(hit: SearchHit, marked: boolean): HTMLElement | null {
  if (!hit.snippet) return null;
  if (!marked) return h('p', { class: 'hit-snippet' }, hit.snippet);
  const p = h('p', { class: 'hit-snippet' });
  for (const part of snippetParts(hit.snippet)) {
    p.append(part.mark ? h('mark', {}, part.text) : document.createTextNode(part.text));
  }
  return p;
}

function searchSection(app: App): HTMLElement {
  const field = textField({ label: 'Rechercher dans Préau', name: 'q', type: 'search', maxlength: 200, required: true, autocomplete: 'off' });
  field.root.querySelector('.optional')?.remove();
  const go = button('Rechercher', { type: 'submit', icon: 'search' });
  const status = statusText();
  const results = h('div', { class: 'search-results' });
  const form = h('form', { role: 'search', class: 'search-form', novalidate: true, 'aria-label': 'Rechercher dans Préau' },
    field.root, go);
  let controller: AbortController | null = null;

  // as-you-type suggestions from the search module (a native datalist); none when it is not installed. The field
  // is linked to the list only while it holds suggestions (a linked field becomes a combobox for assistive tools).
  const list = h('datalist', { id: `${field.input.id}-suggestions` });
  field.root.append(list);
  const offer = (titles: string[]) => {
    list.replaceChildren(...titles.map((t) => h('option', { value: t })));
    if (titles.length) field.input.setAttribute('list', list.id);
    else field.input.removeAttribute('list');
  };
  let suggestTimer: ReturnType<typeof setTimeout> | undefined;
  let suggestController: AbortController | null = null;
  field.input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    const q = field.value().trim();
    if (q.length < 2 || q.length > 200) return;
    suggestTimer = setTimeout(() => {
      suggestController?.abort();
      suggestController = new AbortController();
      app.api.get<{ items?: { title: string }[] }>('search/suggest', { query: { q }, signal: suggestController.signal })
        .then((body) => { offer((body?.items ?? []).map((s) => s.title)); })
        .catch(() => { offer([]); });
    }, 250);
  });

  const run = (q: string, module: string | null, page: number) => {
    controller?.abort();
    controller = new AbortController();
    clear(results);
    results.append(skeleton(2));
    status.say('Recherche en cours…');
    const query: Record<string, string | number> = { q, limit: 20 };
    if (module) query.module = module;
    if (page > 1) query.page = page;
    app.api.get<SearchPage>('search', { query, signal: controller.signal })
      .then((body) => {
        const hits = Array.isArray(body?.items) ? body.items : [];
        const marked = body?.facets !== undefined; // the search module answered
        const total = typeof body?.total === 'number' ? body.total : hits.length;
        clear(results);
        const summary = total
          ? `${plural(total, 'résultat', 'résultats')} pour « ${q} »`
          : `Aucun résultat pour « ${q} ». Vérifiez l'orthographe ou essayez avec un autre mot.`;
        status.say(summary);
        results.append(h('h2', { class: 'results-title' }, summary));
        const modules = body?.facets?.module ?? {};
        if (Object.keys(modules).length > 1 || module) {
          const chips = h('div', { class: 'search-facets', role: 'group', 'aria-label': 'Filtrer par service' });
          const chip = (label: string, id: string | null) => {
            const b = button(label, { variant: id === module ? 'primary' : 'secondary' });
            b.setAttribute('aria-pressed', String(id === module));
            b.addEventListener('click', () => run(q, id, 1));
            chips.append(b);
          };
          chip('Tous les services', null);
          for (const [id, n] of Object.entries(modules)) chip(`${moduleName(app, id, hits.find((x) => x.module === id)?.moduleName)} (${n})`, id);
          results.append(chips);
        }
        const groups = new Map<string, SearchHit[]>();
        for (const hit of hits) groups.set(hit.module, [...(groups.get(hit.module) ?? []), hit]);
        for (const [id, group] of groups) {
          const name = moduleName(app, id, group[0].moduleName);
          const ul = h('ul', { class: 'hit-list' });
          for (const hit of group) {
            const type = hit.type ? TYPE_LABELS[hit.type] : undefined;
            ul.append(h('li', { class: 'hit' },
              h('a', { href: safeHref(hit.url), class: 'hit-title' }, hit.title),
              h('span', { class: 'hit-module' }, type ? `${name} · ${type}` : name),
              snippetNode(hit, marked)));
          }
          results.append(groups.size > 1 ? h('h3', { class: 'hit-group' }, name) : '', ul);
        }
        const size = body?.pageSize ?? 20;
        if (marked && (page > 1 || total > page * size)) {
          const nav = h('nav', { class: 'search-pages', 'aria-label': 'Pages de résultats' });
          if (page > 1) {
            const prev = button('Résultats précédents', { variant: 'secondary' });
            prev.addEventListener('click', () => run(q, module, page - 1));
            nav.append(prev);
          }
          nav.append(h('span', {}, `Page ${page} sur ${Math.max(1, Math.ceil(total / size))}`));
          if (total > page * size) {
            const next = button('Résultats suivants', { variant: 'secondary' });
            next.addEventListener('click', () => run(q, module, page + 1));
            nav.append(next);
          }
          results.append(nav);
        }
      })
      .catch((err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        clear(results);
        const title = err instanceof ProblemError ? err.title : 'La recherche a échoué. Vérifiez votre connexion et réessayez.';
        results.append(alert('error', title));
        status.say(title);
      });
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = field.value().trim();
    if (!q) {
      field.setError('Saisissez un ou plusieurs mots à chercher.');
      field.input.focus();
      return;
    }
    field.setError(null);
    run(q, null, 1);
  });
  return h('section', { class: 'panel search-panel', 'aria-label': 'Recherche' }, form, status.root, results);
}

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
