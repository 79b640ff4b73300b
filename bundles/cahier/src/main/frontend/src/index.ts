/**
 * The cahier de textes screen, mounted by the shell at #/module/cahier: it imports nothing at run
 * time (everything comes through `context`: the kit, the API client, the person and, for a parent,
 * the child they follow; switching child mounts the screen again).
 */
import { CahierApi, problemTitle } from './api.js';
import { directionScreen } from './direction.js';
import type { Kit } from './kit.js';
import { parseDeepLink, roleOf, type DeepLink } from './logic.js';
import { readerScreen } from './reader.js';
import { teacherScreen } from './teacher.js';
import type { ApiLike, ChildRef, Person } from './types.js';
import { devoirBlock, seanceCard, setKit } from './ui.js';

export interface ModuleContext {
  person: Person;
  api: ApiLike;
  kit: Kit;
  navigate?: (hash: string) => void;
  child: ChildRef | null;
  /** What follows `#/module/cahier/` in the address: `seance/12`, `devoir/34` (notifications and search lead there). */
  path?: string;
  link?: (path: string) => string;
}

/**
 * Opens the séance or devoir the address names, over the screen: the same card as in the lists.
 * Closing it goes back to the module's plain address without mounting it again.
 */
async function openDeepLink(api: CahierApi, link: DeepLink, context: ModuleContext, live: () => boolean): Promise<void> {
  const K = context.kit;
  const back = () => {
    const plain = context.link?.('') ?? '#/module/cahier';
    if (window.location.hash !== plain) history.replaceState(history.state, '', plain);
  };
  try {
    let title: string;
    let body: HTMLElement;
    if (link.what === 'seance') {
      const s = await api.seance(link.id);
      title = `Séance du ${K.format.day(s.date)}`;
      body = seanceCard(s, { headingLevel: 'h3' });
    } else {
      const d = await api.devoir(link.id);
      title = `Devoir pour ${K.format.sayDay(d.pour)}`;
      body = K.h('div', { class: 'card' }, devoirBlock(d, { withSubject: true, withDate: true }));
    }
    if (!live()) return;
    const d = K.dialog({ title, body, closeButton: true,
      actions: [{ label: 'Fermer', value: null }] });
    void d.result.then(back);
  } catch (e) {
    if (!live()) return;
    back();
    K.toast('error', (e as { status?: number }).status === 404 || (e as { status?: number }).status === 403
      ? (link.what === 'seance' ? 'Cette séance n’existe plus ou ne vous est pas ouverte.' : 'Ce devoir n’existe plus ou ne vous est pas ouvert.')
      : problemTitle(e));
  }
}

export function mount(element: HTMLElement, context: ModuleContext): () => void {
  const K = context.kit;
  setKit(K);
  let live = true;
  let cleanup: (() => void) | null = null;
  const role = roleOf(context.person.profiles);
  const childId = role === 'parent' ? context.child?.id ?? null : null;
  const api = new CahierApi(context.api, childId);
  const root = K.h('div', { class: 'cahier', 'aria-busy': 'true' }, K.skeleton(5));
  element.append(root);

  if (role === 'parent' && !childId) {
    root.removeAttribute('aria-busy');
    root.replaceChildren(K.emptyState('Choisissez d’abord l’enfant que vous suivez, en haut de la page.', 'users'));
    return () => { live = false; };
  }

  api.context().then((ctx) => {
    if (!live) return;
    root.removeAttribute('aria-busy');
    root.replaceChildren();
    const profiles = ctx.profiles?.length ? ctx.profiles : context.person.profiles;
    const r = roleOf(profiles);
    if (r === 'teacher' && ctx.canWrite) cleanup = teacherScreen(root, { api, ctx, uploadApi: context.api });
    else if (r === 'direction' || (r === 'teacher' && !ctx.canWrite)) cleanup = directionScreen(root, { api, ctx });
    else if (r === 'parent') cleanup = readerScreen(root, { api, parent: true, childName: context.child?.displayName });
    else if (r === 'pupil') cleanup = readerScreen(root, { api, parent: false });
    else root.append(K.emptyState('Le cahier de textes n’est pas prévu pour votre profil.', 'info'));
    const link = parseDeepLink(context.path);
    if (link) void openDeepLink(api, link, context, () => live);
  }).catch((e: unknown) => {
    if (!live) return;
    root.removeAttribute('aria-busy');
    root.replaceChildren(K.alert('error', problemTitle(e), 'Le cahier de textes n’a pas pu s’ouvrir'));
  });

  return () => {
    live = false;
    try { cleanup?.(); } catch { /* leaving anyway */ }
  };
}
