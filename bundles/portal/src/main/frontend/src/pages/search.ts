/** Box-wide search: the header's box, the results page (#/recherche?q=…) and the home page's section. */
import type { App, PageFn } from '../app.js';
import { ProblemError } from '../api.js';
import { plural, snippetParts } from '../format.js';
import type { SearchHit, SearchPage } from '../types.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, emptyState, skeleton, statusText, textField } from '../ui/kit.js';
import { avatarBadge } from '../layout.js';

/** Only paths on this box are followed (a module's url must not send people elsewhere). */
export function safeHref(url: string): string {
  return /^\/(?!\/)/.test(url) || url.startsWith('#/') ? url : '#/';
}

export function moduleName(app: App, id: string, given?: string): string {
  return given ?? app.catalogue?.find((m) => m.id === id)?.name ?? id;
}

const TYPE_LABELS: Record<string, string> = {
  devoir: 'Devoir', seance: 'Séance', journal: 'Cahier journal', eleve: 'Élève', enseignant: 'Enseignant',
  responsable: 'Responsable', direction: 'Direction', personnel: 'Personnel', message: 'Message', fichier: 'Fichier', dossier: 'Dossier',
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

/**
 * The search form and its results (grouped by service, facets, pages). With `initial`, runs that search at once
 * (the results page opened from the header's search box).
 */
export function searchSection(app: App, initial = ''): HTMLElement {
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
        const hits = Array.isArray(body?.hits) ? body.hits : Array.isArray(body?.items) ? body.items : [];
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
  if (initial.trim()) {
    field.input.value = initial.trim().slice(0, 200);
    run(field.input.value, null, 1);
  }
  return h('section', { class: 'panel search-panel', 'aria-label': 'Recherche' }, form, status.root, results);
}


/** The words asked in the address `#/recherche?q=…` ('' when none). */
export function queryOf(hash: string): string {
  const i = hash.indexOf('?');
  if (i < 0) return '';
  try {
    return (new URLSearchParams(hash.slice(i + 1)).get('q') ?? '').trim().slice(0, 200);
  } catch {
    return '';
  }
}

/** The address of the results of `q`. */
export function searchHref(q: string): string {
  return q.trim() ? `#/recherche?q=${encodeURIComponent(q.trim().slice(0, 200))}` : '#/recherche';
}

/** The results page: the header's box leads here; the field is ready for another search. */
export const searchPage: PageFn = (app: App) => {
  const q = queryOf(window.location.hash);
  const node = h('div', {},
    h('h1', { tabindex: '-1' }, 'Recherche'),
    h('p', { class: 'lead' }, 'Tout Préau en une fois : vous ne trouvez que ce que vous pouvez ouvrir.'),
    searchSection(app, q));
  if (!q) queueMicrotask(() => node.querySelector<HTMLInputElement>('input[type=search]')?.focus());
  return { title: q ? `Recherche « ${q} »` : 'Recherche', node, layout: 'signed-in' };
};

/** The header's search box: a field and a button; on a phone the button alone, which opens the results page. */
export function headerSearch(app: App): HTMLFormElement {
  const input = h('input', { type: 'search', name: 'q', id: 'header-search', maxlength: 200, autocomplete: 'off',
    placeholder: 'Rechercher…', 'aria-label': 'Recherche dans tout Préau' }) as HTMLInputElement;
  input.value = window.location.hash.startsWith('#/recherche') ? queryOf(window.location.hash) : '';
  const go = h('button', { type: 'submit', class: 'header-search-button' }, icon('search', 20), h('span', { class: 'visually-hidden' }, 'Lancer la recherche'));
  const form = h('form', { role: 'search', class: 'header-search', 'aria-label': 'Recherche dans tout Préau' }, input, go) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    app.go(searchHref(input.value));
  });
  return form;
}

/** A person's card in the white pages (search module), where a hit of the annuaire leads. */
export interface PersonCard { id: string; displayName: string; type: string; profiles: string[]; classes: string[]; matieres: string[] }

/** `#/annuaire/<id>`: the card of a person the reader may find; a kind sentence for anyone else. */
export const personPage: PageFn = (app: App, route) => {
  const id = route.params.id ?? '';
  const title = h('h1', { tabindex: '-1' }, 'Annuaire');
  const body = h('div', { class: 'panel', 'aria-busy': 'true' }, skeleton(3));
  app.api.get<PersonCard>(`search/annuaire/${encodeURIComponent(id)}`)
    .then((p) => {
      body.removeAttribute('aria-busy');
      title.textContent = p.displayName;
      document.title = `${p.displayName} – Préau`;
      const dl = h('dl', { class: 'facts' }, h('dt', {}, 'Profil'), h('dd', {}, p.profiles.join(', ') || '—'));
      if (p.classes.length) dl.append(h('dt', {}, p.classes.length > 1 ? 'Classes et groupes' : 'Classe'), h('dd', {}, p.classes.join(', ')));
      if (p.matieres.length) dl.append(h('dt', {}, p.matieres.length > 1 ? 'Matières' : 'Matière'), h('dd', {}, p.matieres.join(', ')));
      clear(body);
      body.append(h('div', { class: 'person-card' }, avatarBadge(p.displayName, null, 'large'), dl));
    })
    .catch((err: unknown) => {
      body.removeAttribute('aria-busy');
      clear(body);
      const gone = err instanceof ProblemError && (err.status === 404 || err.status === 403);
      body.append(gone ? emptyState('Cette personne n’est pas dans votre annuaire, ou l’annuaire n’est pas disponible pour le moment.', 'users')
        : alert('error', err instanceof ProblemError ? err.title : 'La fiche ne s’est pas chargée. Vérifiez votre connexion et réessayez.'));
    });
  const node = h('div', {},
    h('nav', { 'aria-label': 'Fil d’Ariane', class: 'breadcrumb' },
      h('ol', {}, h('li', {}, h('a', { href: '#/' }, 'Accueil')), h('li', { 'aria-current': 'page' }, 'Annuaire'))),
    title, body,
    h('p', {}, h('a', { href: '#/recherche' }, 'Faire une autre recherche')));
  return { title: 'Annuaire', node, layout: 'signed-in' };
};
