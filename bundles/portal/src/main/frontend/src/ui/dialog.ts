/**
 * A general modal dialog: a title, any content, a row of actions. Focus goes inside and stays
 * there (Tab and Shift+Tab cycle), Escape or « Fermer » closes, focus returns where it was.
 */
import { h, uid, type Child } from './dom.js';
import { button, type ButtonVariant } from './kit.js';

export interface DialogAction<T> {
  label: string;
  /** What the dialog's promise resolves to when this action closes it. */
  value: T;
  variant?: ButtonVariant;
  icon?: string;
  /**
   * Runs before closing. Return false to keep the dialog open (a field to correct); while a
   * returned promise runs, the button is busy.
   */
  onClick?: () => boolean | void | Promise<boolean | void>;
}

export interface DialogOptions<T> {
  title: string;
  /** Content under the title: a string becomes a paragraph (and the dialog's description). */
  body?: Child | Child[];
  actions?: DialogAction<T>[];
  /** Where focus goes first; default: the first field, else the first action. */
  initialFocus?: HTMLElement;
  /** An icon-only « Fermer » button in the corner (default true). */
  closeButton?: boolean;
}

export interface DialogHandle<T> {
  root: HTMLDialogElement;
  /** The chosen action's value; null when closed with Escape or « Fermer ». */
  result: Promise<T | null>;
  close(value: T | null): void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), '
  + 'textarea:not([disabled]), [contenteditable="true"], [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0);
}

export function dialog<T = string>(o: DialogOptions<T>): DialogHandle<T> {
  const back = document.activeElement as HTMLElement | null;
  const titleId = uid('dlg');
  const bodyParts = Array.isArray(o.body) ? o.body : [o.body];
  const textId = typeof o.body === 'string' ? `${titleId}-text` : undefined;
  const content = h('div', { class: 'dialog-body' },
    ...bodyParts.map((b) => (typeof b === 'string' ? h('p', { id: textId }, b) : b)));
  const actions = o.actions?.length ? o.actions : [{ label: 'Fermer', value: null as T, variant: 'secondary' as ButtonVariant }];
  const actionRow = h('div', { class: 'actions' });
  const root = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': textId });
  const head = h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, o.title));
  if (o.closeButton !== false) {
    const x = button('', { variant: 'ghost', icon: 'x', ariaLabel: 'Fermer' });
    x.classList.add('dialog-close');
    x.addEventListener('click', () => close(null));
    head.append(x);
  }
  root.append(head, content, actionRow);

  let resolve!: (v: T | null) => void;
  const result = new Promise<T | null>((r) => { resolve = r; });
  let closed = false;
  function close(value: T | null): void {
    if (closed) return;
    closed = true;
    if (root.open) root.close();
    root.remove();
    if (back?.isConnected) back.focus();
    resolve(value);
  }

  for (const a of actions) {
    const b = button(a.label, { variant: a.variant ?? 'primary', icon: a.icon });
    b.addEventListener('click', async () => {
      if (a.onClick) {
        b.disabled = true;
        b.setAttribute('aria-busy', 'true');
        let keep: boolean | void;
        try {
          keep = await a.onClick();
        } finally {
          b.disabled = false;
          b.removeAttribute('aria-busy');
        }
        if (keep === false) return;
      }
      close(a.value);
    });
    actionRow.append(b);
  }

  root.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
  // keep Tab inside (the native modal already makes the page behind inert)
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const list = focusables(root);
    if (!list.length) return;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (e.shiftKey && (document.activeElement === first || !root.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  });

  document.body.append(root);
  root.showModal();
  const field = content.querySelector<HTMLElement>('input, select, textarea, [contenteditable="true"]');
  (o.initialFocus ?? field ?? actionRow.querySelector('button'))?.focus();
  return { root, result, close };
}
