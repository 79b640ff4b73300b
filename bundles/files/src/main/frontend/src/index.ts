/**
 * The « Documents » screen, mounted by the shell at #/module/files: it imports nothing at run time
 * (everything comes through `context`: the kit, the API client, the person). Every view has its own
 * address (`context.path`, built with `context.link()`), so a folder can be bookmarked, sent, and left
 * with the browser's Back: following a link mounts the screen again on the new view.
 */
import { FilesApi } from './api.js';
import { dropBoxesScreen, dropBoxScreen } from './dropboxes.js';
import { folderScreen } from './folder.js';
import type { Kit } from './kit.js';
import { newGroupDialog } from './groups.js';
import { loadErrorMessage, parsePath, pathOf, spaceIcon, spaceName, type Route } from './logic.js';
import { passwordsScreen } from './passwords.js';
import { trashScreen } from './trash.js';
import type { ApiLike, Person, Quota, SharedItem, Space } from './types.js';
import { setKit } from './ui.js';

export interface ModuleContext {
  person: Person;
  api: ApiLike;
  kit: Kit;
  navigate?: (hash: string) => void;
  /** What follows `#/module/files/` in the address: `espace/perso:p1/dossier/12`, `mots-de-passe`… */
  path?: string;
  link?: (path: string) => string;
}

/**
 * Set when the person follows one of this screen's links: the next mount (same module, new address)
 * then puts focus on the new view's heading rather than on the page's title.
 */
let followed = false;

/** A file to show once its folder is mounted: set when a search hit (`ouvrir/<n>`) sends the person to its folder. */
let highlight: string | null = null;

export function mount(element: HTMLElement, context: ModuleContext): () => void {
  const K = context.kit;
  setKit(K);
  let live = true;
  let cleanup: (() => void) | null = null;
  const focus = followed;
  followed = false;
  const shown = highlight;
  highlight = null;
  const api = new FilesApi(context.api);
  const link = (path: string) => context.link?.(path)
    ?? `#/module/files${path ? `/${path.split('/').map(encodeURIComponent).join('/')}` : ''}`;
  const route = parsePath(context.path);
  const view = K.h('div', { class: 'files-view', 'aria-busy': 'true' }, K.skeleton(5));
  const root = K.h('div', { class: 'files' }, view);
  element.append(root);
  root.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[href^="#/module/files"]');
    if (a) followed = true;
  });

  const failed = (e: unknown, r: Route) => {
    if (!live) return;
    view.removeAttribute('aria-busy');
    const retry = K.button('Réessayer', { variant: 'secondary', icon: 'refresh-cw', onClick: () => { window.location.reload(); } });
    view.replaceChildren(
      K.alert('error', loadErrorMessage(e, r.view), 'Ce contenu n’a pas pu s’ouvrir'),
      K.h('div', { class: 'actions' }, K.h('a', { href: link(''), class: 'btn btn-secondary' }, K.icon('folder', 18), 'Revenir à mes documents'), retry));
  };

  api.spaces().then(async ({ items: spaces }) => {
    if (!live) return;
    const boxes = context.person.profiles.some((p) => p === 'ELEVE' || p === 'ENSEIGNANT');
    // teachers and the direction create groupes de travail (the box decides: files:workgroup-create)
    const groups = context.person.profiles.some((p) => p === 'ENSEIGNANT' || p === 'DIRECTION');
    const nav = spacesNav(K, spaces, route, link, boxes);
    if (groups) nav.append(newGroupButton(K, api, link));
    root.prepend(nav);
    if (route.view === 'unknown') {
      view.removeAttribute('aria-busy');
      view.replaceChildren(K.alert('warning', 'Cette adresse ne mène à aucun dossier. Choisissez un espace ci-dessus.', 'Adresse inconnue'));
      return;
    }
    if (route.view === 'passwords') {
      const list = await api.appPasswords();
      if (!live) return;
      view.removeAttribute('aria-busy');
      cleanup = passwordsScreen(view, { api, items: list.items, login: context.person.login ?? '', origin: window.location.origin, focus });
      return;
    }
    if (route.view === 'dropboxes') {
      const [list, classes] = await Promise.all([api.dropBoxes(), api.dropBoxClasses().catch(() => ({ items: [] }))]);
      if (!live) return;
      view.removeAttribute('aria-busy');
      cleanup = dropBoxesScreen(view, { api, items: list.items, classes: classes.items, link, focus });
      return;
    }
    if (route.view === 'open') {
      // a search hit: the server says where this person finds it (its folder, or « Partagés avec moi »)
      const at = await api.location(route.node);
      if (!live) return;
      highlight = at.fichier;
      window.location.replace(link(pathOf({ view: 'folder', space: at.espace, folder: at.dossier })));
      return;
    }
    if (route.view === 'dropbox') {
      const detail = await api.dropBox(route.box);
      if (!live) return;
      view.removeAttribute('aria-busy');
      cleanup = dropBoxScreen(view, { api, detail, link, focus });
      return;
    }
    const spaceId = route.space ?? spaces[0]?.id ?? null;
    if (!spaceId) {
      view.removeAttribute('aria-busy');
      view.replaceChildren(K.emptyState('Aucun espace de documents ne vous est ouvert pour l’instant.', 'folder'));
      return;
    }
    if (route.view === 'trash') {
      const space = spaces.find((s) => s.id === spaceId);
      if (!space?.canWrite) throw Object.assign(new Error('no trash'), { status: 404 });
      const trash = await api.trash(spaceId);
      if (!live) return;
      view.removeAttribute('aria-busy');
      cleanup = trashScreen(view, { api, space, items: trash.items, link, focus });
      return;
    }
    const sharedRoot = spaceId.startsWith('partage:') && !route.folder;
    const [folder, quota, shared] = await Promise.all([
      api.folder(spaceId, route.folder),
      spaceId.startsWith('partage:') ? Promise.resolve(null) : api.quota(spaceId).catch((): Quota | null => null),
      sharedRoot ? api.sharedWithMe().then((r) => r.items).catch((): SharedItem[] => []) : Promise.resolve([] as SharedItem[]),
    ]);
    if (!live) return;
    view.removeAttribute('aria-busy');
    // the space as the list knows it (its label), with the rights the folder's answer gives (a folder shared read-write)
    const listed = spaces.find((s) => s.id === folder.espace.id);
    const space: Space = listed ? { ...listed, canWrite: folder.espace.canWrite } : folder.espace;
    cleanup = folderScreen(view, { api, spaces, view: { ...folder, espace: space }, quota, link, focus, shared, highlight: shown });
  }).catch((e: unknown) => failed(e, route));

  return () => {
    live = false;
    try { cleanup?.(); } catch { /* leaving anyway */ }
  };
}

/** Beyond this many class and groupe spaces (the direction sees every class), they fold under one « Classes et groupes ». */
const FOLD_AFTER = 4;

/** The spaces one reaches, then the network drive: links, the current one marked. */
function spacesNav(K: Kit, spaces: Space[], route: Route, link: (p: string) => string, boxes: boolean): HTMLElement {
  const current = route.view === 'folder' || route.view === 'trash' ? (route.space ?? spaces[0]?.id) : null;
  const item = (href: string, icon: string, label: string, here: boolean, note?: string) => K.h('li', {},
    K.h('a', { href, class: here ? 'tab is-current' : 'tab', 'aria-current': here ? 'page' : undefined },
      K.icon(icon, 18), K.h('span', {}, label), note ? K.h('span', { class: 'visually-hidden' }, note) : null));
  const spaceItem = (s: Space) => K.h('li', {}, K.h('a', {
    href: link(pathOf({ view: 'folder', space: s.id, folder: null })), class: s.id === current ? 'tab is-current' : 'tab',
    'aria-current': s.id === current ? 'page' : undefined, 'aria-label': `${spaceName(s)}${s.canWrite ? '' : ' (lecture seule)'}`,
  }, K.icon(spaceIcon(s.kind), 18), K.h('span', {}, s.label)));
  const classes = spaces.filter((s) => s.kind === 'CLASSE');
  const fold = classes.length > FOLD_AFTER;
  const first = fold ? spaces.filter((s) => s.kind !== 'CLASSE') : spaces;
  const nav = K.h('nav', { class: 'tabs files-spaces', 'aria-label': 'Espaces de documents' },
    K.h('ul', {}, ...first.map(spaceItem),
      boxes ? item(link('depots'), 'inbox', 'Boîtes de dépôt', route.view === 'dropboxes' || route.view === 'dropbox') : null,
      item(link('mots-de-passe'), 'hard-drive', 'Lecteur réseau', route.view === 'passwords')));
  if (fold) {
    const here = classes.find((s) => s.id === current);
    nav.append(K.h('details', { class: 'advanced files-classes', open: Boolean(here) },
      K.h('summary', {}, `Classes et groupes (${classes.length})`, here ? ` : ${here.label}` : ''),
      K.h('ul', {}, ...classes.map(spaceItem))));
  }
  return nav;
}

/** « Nouveau groupe de travail »: the dialog, then the new group's space. */
function newGroupButton(K: Kit, api: FilesApi, link: (p: string) => string): HTMLElement {
  const b = K.button('Nouveau groupe de travail', { variant: 'secondary', icon: 'users' });
  b.classList.add('files-new-group');
  b.addEventListener('click', async () => {
    const g = await newGroupDialog(api);
    if (!g) return;
    K.toast('success', `Le groupe de travail « ${g.nom} » est créé : ses membres le trouvent parmi leurs espaces.`);
    followed = true;
    window.location.assign(link(pathOf({ view: 'folder', space: g.espace, folder: null })));
  });
  return K.h('div', { class: 'actions files-group-actions' }, b);
}
