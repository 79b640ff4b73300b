/**
 * The component kit. The shell uses it and hands it to modules (context.kit) so that every screen
 * looks and behaves the same: buttons, labelled fields with linked errors, alerts, live regions,
 * tiles, empty states, skeletons, dialogs, toasts, date picker, rich-text editor, file picker,
 * data tables. Documented for module authors in bundles/portal/KIT.md; every piece is shown to
 * the referent in the console (« Composants »).
 */
import { showFieldError } from './field.js';
import { h, uid, clear, type Child } from './dom.js';
import { icon } from './icons.js';
import { dialog } from './dialog.js';
import { toast } from './toast.js';
import { datePicker } from './datepicker.js';
import { richTextEditor } from './editor.js';
import { filePicker } from './filepicker.js';
import { dataTable } from './table.js';
import { sanitizeHtml } from './sanitize.js';
import { formatDay, formatSlot, formatTime, relativeDay, sayDay } from '../format.js';
import { formatSize } from './file-rules.js';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonOptions {
  variant?: ButtonVariant;
  type?: 'button' | 'submit';
  icon?: string;
  onClick?: (e: MouseEvent) => void;
  /** Accessible name when the visible label is an icon only. */
  ariaLabel?: string;
}

export function button(label: string, options: ButtonOptions = {}): HTMLButtonElement {
  const b = h('button', {
    type: options.type ?? 'button',
    class: `btn btn-${options.variant ?? 'primary'}`,
    'aria-label': options.ariaLabel,
  });
  if (options.icon) b.append(icon(options.icon, 18));
  if (label) b.append(h('span', {}, label));
  if (options.onClick) b.addEventListener('click', options.onClick as EventListener);
  return b;
}

/** Marks a button busy during an async action: disabled, aria-busy, label swapped. */
export async function withBusy<T>(b: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T> {
  const span = b.querySelector('span');
  const old = span?.textContent ?? '';
  b.disabled = true;
  b.setAttribute('aria-busy', 'true');
  if (span) span.textContent = busyLabel;
  try {
    return await work();
  } finally {
    b.disabled = false;
    b.removeAttribute('aria-busy');
    if (span) span.textContent = old;
  }
}

export interface TextFieldOptions {
  label: string;
  name: string;
  type?: 'text' | 'password' | 'search' | 'email';
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  value?: string;
  inputmode?: string;
  maxlength?: number;
  spellcheck?: boolean;
  autocapitalize?: string;
}

export interface TextField {
  root: HTMLDivElement;
  input: HTMLInputElement;
  value(): string;
  /** Shows (or with null hides) an error under the field, linked with aria-describedby. */
  setError(message: string | null): void;
}

export function textField(o: TextFieldOptions): TextField {
  const id = uid(`f-${o.name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name: o.name,
    type: o.type ?? 'text',
    autocomplete: o.autocomplete,
    required: o.required ?? false,
    'aria-required': o.required ? 'true' : undefined,
    inputmode: o.inputmode,
    maxlength: o.maxlength,
    spellcheck: o.spellcheck === undefined ? undefined : String(o.spellcheck),
    autocapitalize: o.autocapitalize,
    class: 'input',
  });
  if (o.value) input.value = o.value;
  const label = h('label', { for: id, class: 'label' }, o.label,
    o.required ? null : h('span', { class: 'optional' }, ' (facultatif)'));
  const hint = o.hint ? h('p', { id: hintId, class: 'hint' }, o.hint) : null;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const control = h('div', { class: 'input-with-action' }, input);
  const root = h('div', { class: 'field' }, label, hint, o.type === 'password' ? control : input, error);

  const describe = (withError: boolean) => {
    const ids = [o.hint ? hintId : '', withError ? errorId : ''].filter(Boolean).join(' ');
    if (ids) input.setAttribute('aria-describedby', ids);
    else input.removeAttribute('aria-describedby');
  };
  describe(false);

  if (o.type === 'password') {
    const toggle = h('button', {
      type: 'button', class: 'btn btn-ghost reveal', 'aria-pressed': 'false', 'aria-controls': id,
    }, icon('eye', 18), h('span', {}, 'Afficher', h('span', { class: 'visually-hidden' }, ' le mot de passe')));
    toggle.addEventListener('click', () => {
      const shown = input.type === 'text';
      input.type = shown ? 'password' : 'text';
      toggle.setAttribute('aria-pressed', String(!shown));
      // the name stays "Afficher le mot de passe"; aria-pressed says whether it is shown
      toggle.firstChild?.replaceWith(icon(shown ? 'eye' : 'eye-off', 18));
    });
    control.append(toggle);
  }

  return {
    root,
    input,
    value: () => input.value,
    setError(message) {
      showFieldError({ root, input, error, describe }, message);
    },
  };
}

export type AlertKind = 'info' | 'success' | 'error' | 'warning';
const ALERT_ICON: Record<AlertKind, string> = {
  info: 'info', success: 'circle-check', error: 'circle-alert', warning: 'triangle-alert',
};
const ALERT_PREFIX: Record<AlertKind, string> = {
  info: 'Information : ', success: 'C’est fait : ', error: 'Erreur : ', warning: 'Attention : ',
};

/** A message box; the icon and a hidden prefix say its kind, not only its colour. */
export function alert(kind: AlertKind, message: Child, title?: string): HTMLDivElement {
  return h('div', { class: `alert alert-${kind}` },
    icon(ALERT_ICON[kind], 20),
    h('div', { class: 'alert-body' },
      h('span', { class: 'visually-hidden' }, ALERT_PREFIX[kind]),
      title ? h('p', { class: 'alert-title' }, title) : null,
      typeof message === 'string' ? h('p', {}, message) : message));
}

/**
 * A live region kept in the page from the start (assistive technology only announces changes to
 * regions that already exist). `show` replaces its content.
 */
export interface LiveRegion {
  root: HTMLDivElement;
  show(kind: AlertKind, message: string, title?: string): void;
  clear(): void;
}

export function liveRegion(politeness: 'polite' | 'assertive' = 'polite'): LiveRegion {
  const root = h('div', { class: 'live', 'aria-live': politeness, 'aria-atomic': 'true' });
  if (politeness === 'assertive') root.setAttribute('role', 'alert');
  return {
    root,
    show(kind, message, title) {
      clear(root);
      root.append(alert(kind, message, title));
    },
    clear() {
      clear(root);
    },
  };
}

/** A visually hidden status line for screen readers (e.g. "3 résultats"). */
export function statusText(): { root: HTMLParagraphElement; say(text: string): void } {
  const root = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  return { root, say: (text) => { root.textContent = text; } };
}

export interface TileOptions {
  title: string;
  description: string;
  icon: string;
  href: string;
  /** Accent colour class (tile-c0 … tile-c7). */
  colour?: string;
}

export function tile(o: TileOptions): HTMLLIElement {
  return h('li', { class: 'tile-item' },
    h('a', { class: `tile ${o.colour ?? ''}`, href: o.href },
      h('span', { class: 'tile-icon' }, icon(o.icon, 24)),
      h('span', { class: 'tile-text' },
        h('span', { class: 'tile-title' }, o.title),
        h('span', { class: 'tile-desc' }, o.description))));
}

export function emptyState(message: string, iconName = 'sparkles'): HTMLDivElement {
  return h('div', { class: 'empty' }, icon(iconName, 28), h('p', {}, message));
}

/** Grey placeholder lines shown while a list loads. */
export function skeleton(lines = 3): HTMLDivElement {
  const root = h('div', { class: 'skeleton', 'aria-hidden': 'true' });
  for (let i = 0; i < lines; i++) root.append(h('div', { class: 'skeleton-line' }));
  return root;
}

/** A stable colour for a module, from its id. */
export function colourFor(id: string): string {
  let n = 0;
  for (const ch of id) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return `tile-c${n % 8}`;
}

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
}

/**
 * Asks before an action (a modal dialog: focus stays inside, Escape or « Annuler » says no);
 * resolves true when the person confirms. Focus returns where it was.
 */
export function confirmDialog(o: ConfirmOptions): Promise<boolean> {
  const cancel = { label: 'Annuler', value: false, variant: 'secondary' as ButtonVariant };
  const d = dialog<boolean>({
    title: o.title, body: o.message, closeButton: false,
    actions: [cancel, { label: o.confirmLabel, value: true, variant: o.danger ? 'danger' : 'primary' }],
  });
  return d.result.then((answer) => answer === true);
}

export const kit = {
  button, withBusy, textField, alert, liveRegion, statusText, tile, emptyState, skeleton, confirmDialog, icon, h,
  dialog, toast, datePicker, richTextEditor, filePicker, dataTable, sanitizeHtml,
  /** French words for days, times and sizes: "jeudi 12 mars", "demain", "8 h 30", "2,5 Mo". */
  format: { day: formatDay, sayDay, time: formatTime, slot: formatSlot, relative: relativeDay, size: formatSize },
};
export type Kit = typeof kit;
