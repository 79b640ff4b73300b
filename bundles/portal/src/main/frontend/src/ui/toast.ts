/**
 * Toasts: short messages that come and go without blocking (« Séance enregistrée »).
 * Success, information and warning go after a while (paused while the pointer or the focus is on
 * them); errors stay until closed. What they say is also put in a live region (polite, or
 * assertive for errors) created at start-up so that screen readers announce it.
 */
import { h } from './dom.js';
import { icon } from './icons.js';
import type { AlertKind } from './kit.js';

const ICON: Record<AlertKind, string> = { info: 'info', success: 'circle-check', error: 'circle-alert', warning: 'triangle-alert' };
const PREFIX: Record<AlertKind, string> = {
  info: 'Information : ', success: 'C’est fait : ', error: 'Erreur : ', warning: 'Attention : ',
};
/** How long a toast stays, in ms (errors: until closed). */
export const TOAST_DURATION: Record<AlertKind, number> = { success: 6000, info: 7000, warning: 10000, error: 0 };
const MAX_SHOWN = 4;

interface Regions { stack: HTMLElement; polite: HTMLElement; assertive: HTMLElement }
let regions: Regions | null = null;

/**
 * Puts the toast area and its live regions in the page (the shell calls it at start-up; a first
 * toast calls it too, then waits a moment so that the new live region is noticed).
 */
export function toastRegions(): Regions & { fresh: boolean } {
  if (regions && regions.stack.isConnected) return { ...regions, fresh: false };
  const stack = h('div', { class: 'toasts' });
  const polite = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'false', 'data-toast-live': 'polite' });
  const assertive = h('div', { class: 'visually-hidden', role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'false', 'data-toast-live': 'assertive' });
  document.body.append(stack, polite, assertive);
  regions = { stack, polite, assertive };
  return { ...regions, fresh: true };
}

export interface ToastOptions {
  title?: string;
  /** ms before it goes; 0 keeps it until closed. Default by kind (errors stay). */
  duration?: number;
  /**
   * One button in the toast (« Annuler » after a deletion): clicking it runs `onClick` and closes the toast. Offer
   * another way to do the same too (e.g. the trash), since the toast goes by itself.
   */
  action?: { label: string; onClick: () => void | Promise<void> };
}

export interface ToastHandle { root: HTMLElement; close(): void }

export function toast(kind: AlertKind, message: string, options: ToastOptions = {}): ToastHandle {
  const r = toastRegions();
  const duration = options.duration ?? TOAST_DURATION[kind];
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Fermer ce message' }, icon('x', 18));
  const action = options.action
    ? h('button', { type: 'button', class: 'btn btn-secondary toast-action' }, options.action.label) : null;
  const root = h('div', { class: `toast toast-${kind}` },
    icon(ICON[kind], 20),
    h('div', { class: 'toast-body' },
      h('span', { class: 'visually-hidden' }, PREFIX[kind]),
      options.title ? h('p', { class: 'toast-title' }, options.title) : null,
      h('p', {}, message),
      action),
    close);

  let timer = 0;
  let remaining = duration;
  let started = 0;
  let hovered = false;
  let focused = false;
  const stop = () => {
    if (!timer) return;
    window.clearTimeout(timer);
    timer = 0;
    remaining -= Date.now() - started;
  };
  const start = () => {
    if (!duration || timer || hovered || focused || !root.isConnected) return;
    started = Date.now();
    timer = window.setTimeout(dismiss, Math.max(remaining, 1500));
  };
  function dismiss(): void {
    stop();
    if (!root.isConnected) return;
    const hadFocus = root.contains(document.activeElement);
    root.remove();
    if (hadFocus) document.getElementById('main')?.focus();
  }
  close.addEventListener('click', dismiss);
  action?.addEventListener('click', () => {
    dismiss();
    void Promise.resolve().then(() => options.action?.onClick());
  });
  root.addEventListener('mouseenter', () => { hovered = true; stop(); });
  root.addEventListener('mouseleave', () => { hovered = false; start(); });
  root.addEventListener('focusin', () => { focused = true; stop(); });
  root.addEventListener('focusout', (e) => {
    if (!root.contains(e.relatedTarget as Node | null)) { focused = false; start(); }
  });
  root.addEventListener('keydown', (e) => { if (e.key === 'Escape') dismiss(); });

  const show = () => {
    // the oldest toasts that would go by themselves make room first
    const shown = Array.from(r.stack.children);
    if (shown.length >= MAX_SHOWN) (shown.find((t) => !t.classList.contains('toast-error')) ?? shown[0])?.remove();
    r.stack.append(root);
    const live = kind === 'error' ? r.assertive : r.polite;
    const offer = options.action ? ` Bouton « ${options.action.label} » dans le message.` : '';
    live.append(h('p', {}, `${PREFIX[kind]}${options.title ? `${options.title}. ` : ''}${message}${offer}`));
    while (live.childElementCount > 3) live.firstElementChild?.remove();
    start();
  };
  if (r.fresh) window.setTimeout(show, 150); else show();
  return { root, close: dismiss };
}
