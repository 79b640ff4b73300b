/**
 * Small building blocks shared by the views, made from the shell's kit (set once at mount): ids,
 * a labelled select, a name-and-size cell, a dialog asking for a name.
 */
import type { Child, Kit, TextField } from './kit.js';
import { checkName, formatBytes, kindOf, problemMessage } from './logic.js';
import type { FileNode } from './types.js';

let K: Kit;
let seq = 0;

export function setKit(kit: Kit): void { K = kit; }
export function kit(): Kit { return K; }
export function uid(prefix: string): string { seq += 1; return `files-${prefix}-${seq}`; }

/** A labelled select (the kit has none), its options given as value/label pairs. */
export function selectField(o: { label: string; name: string; options: { value: string; label: string }[]; value?: string }): { root: HTMLDivElement; select: HTMLSelectElement } {
  const id = uid(o.name);
  const select = K.h('select', { id, name: o.name, class: 'input' });
  for (const opt of o.options) select.append(K.h('option', { value: opt.value }, opt.label));
  if (o.value !== undefined) select.value = o.value;
  return { root: K.h('div', { class: 'field' }, K.h('label', { for: id, class: 'label' }, o.label), select), select };
}

/** The icon of the node's kind, its kind in words for screen readers, and its name. */
export function nodeLabel(n: Pick<FileNode, 'name' | 'folder' | 'type'>, extra?: string): Child[] {
  const kind = kindOf(n);
  return [K.icon(kind.icon, 20), K.h('span', { class: 'visually-hidden' }, `${kind.label} : `), K.h('span', { class: 'files-name-text' }, n.name),
    extra ? K.h('span', { class: 'visually-hidden' }, extra) : null];
}

/** « PDF, 1,5 Mo » — what a node is, in words. */
export function describe(n: FileNode): string {
  const kind = kindOf(n).label;
  return n.folder ? kind : `${kind}, ${formatBytes(n.size)}`;
}

/** Enter in a dialog's field does what its main button does. */
export function submitOnEnter(field: TextField, dialogRoot: HTMLElement): void {
  field.input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    dialogRoot.querySelector<HTMLButtonElement>('.actions .btn-primary')?.click();
  });
}

/**
 * Asks for a name (a new folder, a rename): checked as the box checks it before sending, and the
 * box's own refusal shown on the field. Resolves to what `save` answered, or null when cancelled.
 */
export async function askName<T>(o: { title: string; label: string; value?: string; confirm: string; hint?: string; save: (name: string) => Promise<T> }): Promise<T | null> {
  const field = K.textField({ label: o.label, name: 'nom', required: true, value: o.value ?? '', maxlength: 255, hint: o.hint });
  let saved: T | null = null;
  const d = K.dialog<string>({
    title: o.title, body: [field.root],
    actions: [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' },
      {
        label: o.confirm, value: 'ok', variant: 'primary',
        onClick: async () => {
          const name = field.value();
          const wrong = checkName(name);
          field.setError(wrong);
          if (wrong) { field.input.focus(); return false; }
          try {
            saved = await o.save(name);
            return true;
          } catch (e) {
            field.setError(problemMessage(e));
            field.input.focus();
            return false;
          }
        },
      },
    ],
  });
  submitOnEnter(field, d.root);
  if (o.value) {
    // select the name without its extension, as file explorers do
    const dot = o.value.lastIndexOf('.');
    field.input.setSelectionRange(0, dot > 0 ? dot : o.value.length);
  }
  const r = await d.result;
  return r === 'ok' ? saved : null;
}
