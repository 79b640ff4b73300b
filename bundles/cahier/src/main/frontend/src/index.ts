/**
 * The cahier de textes screen, mounted by the shell at #/module/cahier: it imports nothing at run
 * time (everything comes through `context`: the kit, the API client, the person and, for a parent,
 * the child they follow; switching child mounts the screen again).
 */
import { CahierApi, problemTitle } from './api.js';
import { directionScreen } from './direction.js';
import type { Kit } from './kit.js';
import { roleOf } from './logic.js';
import { readerScreen } from './reader.js';
import { teacherScreen } from './teacher.js';
import type { ApiLike, ChildRef, Person } from './types.js';
import { setKit } from './ui.js';

export interface ModuleContext {
  person: Person;
  api: ApiLike;
  kit: Kit;
  navigate?: (hash: string) => void;
  child: ChildRef | null;
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
