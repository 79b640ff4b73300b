/**
 * « Déplacer » and « Copier »: a dialog where one chooses a space one may write in and a folder in
 * it (opening folders, going up), and optionally the name at arrival; the box's refusal (name taken,
 * a folder into itself, space full) is said in the dialog, which stays open.
 */
import type { FilesApi } from './api.js';
import { checkName, insideItself, problemMessage, spaceIcon } from './logic.js';
import type { Crumb, FileNode, Space } from './types.js';
import { kit, selectField, submitOnEnter, uid } from './ui.js';

export interface DestinationChoice { mode: 'move' | 'copy'; node: FileNode; spaces: Space[]; start: { space: string; folder: string | null } }

/** Resolves to the moved or copied node, or null when the person gave up. */
export async function moveOrCopy(api: FilesApi, o: DestinationChoice): Promise<FileNode | null> {
  const K = kit();
  const writable = o.spaces.filter((s) => s.canWrite);
  if (writable.length === 0) {
    K.toast('error', 'Vous ne pouvez écrire dans aucun espace : il n’y a nulle part où copier ce document.');
    return null;
  }
  const move = o.mode === 'move';
  let space = writable.some((s) => s.id === o.start.space) ? o.start.space : writable[0]!.id;
  let folder: string | null = space === o.start.space ? o.start.folder : null;
  let chemin: Crumb[] = [];

  const spaceField = selectField({ label: 'Espace', name: 'destination-espace', options: writable.map((s) => ({ value: s.id, label: s.label })), value: space });
  const whereId = uid('where');
  const where = K.h('p', { id: whereId, class: 'files-where', tabindex: '-1', 'aria-live': 'polite' });
  const up = K.button('Remonter d’un dossier', { variant: 'ghost', icon: 'arrow-left' });
  const list = K.h('ul', { class: 'plain-list files-folders', 'aria-label': 'Dossiers de cet endroit' });
  const problem = K.h('div', { class: 'live', role: 'alert' });
  const name = K.textField({ label: move ? 'Nom à l’arrivée' : 'Nom de la copie', name: 'nom', required: true, value: o.node.name, maxlength: 255 });
  const body = K.h('div', { class: 'files-destination' }, spaceField.root,
    K.h('p', { class: 'label' }, 'Dossier de destination'), where, up, list, name.root, problem);

  const label = () => writable.find((s) => s.id === space)?.label ?? '';
  async function load(focus: boolean): Promise<void> {
    list.replaceChildren(K.h('li', {}, K.skeleton(2)));
    problem.replaceChildren();
    try {
      const view = await api.folder(space, folder);
      chemin = view.chemin;
      where.replaceChildren(K.icon(spaceIcon(view.espace.kind), 18), ' ', [label(), ...chemin.map((c) => c.name)].join(' › '));
      up.hidden = chemin.length === 0;
      const folders = view.items.filter((n) => n.folder && n.id !== o.node.id);
      list.replaceChildren(...(folders.length
        ? folders.map((f) => {
          const b = K.button(f.name, { variant: 'ghost', icon: 'folder', ariaLabel: `Ouvrir le dossier ${f.name}` });
          b.addEventListener('click', () => { folder = f.id; void load(true); });
          return K.h('li', {}, b);
        })
        : [K.h('li', { class: 'hint' }, 'Aucun sous-dossier ici.')]));
    } catch (e) {
      list.replaceChildren();
      problem.replaceChildren(K.alert('error', problemMessage(e)));
    }
    if (focus) where.focus();
  }
  up.addEventListener('click', () => {
    folder = chemin.length > 1 ? chemin[chemin.length - 2]!.id : null;
    void load(true);
  });
  spaceField.select.addEventListener('change', () => {
    space = spaceField.select.value;
    folder = null;
    void load(false);
  });

  let done: FileNode | null = null;
  const d = K.dialog<string>({
    title: move ? `Déplacer « ${o.node.name} »` : `Copier « ${o.node.name} »`,
    body: [body],
    actions: [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' },
      {
        label: move ? 'Déplacer ici' : 'Copier ici', value: 'ok', variant: 'primary', icon: move ? 'folder-input' : 'copy',
        onClick: async () => {
          problem.replaceChildren();
          const wrong = checkName(name.value());
          name.setError(wrong);
          if (wrong) { name.input.focus(); return false; }
          if (o.node.folder && space === o.node.espace && insideItself(o.node.id, chemin)) {
            problem.replaceChildren(K.alert('error', 'Un dossier ne peut pas aller dans lui-même ni dans l’un de ses sous-dossiers.'));
            return false;
          }
          const to = { espace: space, dossier: folder, nom: name.value() === o.node.name ? undefined : name.value() };
          try {
            done = move ? await api.move(o.node.id, to) : await api.copy(o.node.id, to);
            return true;
          } catch (e) {
            problem.replaceChildren(K.alert('error', problemMessage(e)));
            return false;
          }
        },
      },
    ],
    initialFocus: spaceField.select,
  });
  submitOnEnter(name, d.root);
  await load(false);
  const r = await d.result;
  return r === 'ok' ? done : null;
}
