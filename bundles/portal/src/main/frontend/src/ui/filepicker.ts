/**
 * A file picker: a « Choisir des fichiers » button (the keyboard way) inside a zone where files can
 * be dropped, the rules said up front (types, size), each refused file named with the reason, the
 * chosen files listed with a « Retirer » button, and an upload with one progress bar per file.
 */
import type { ApiClient, UploadOptions } from '../api.js';
import { ProblemError } from '../api.js';
import { h, uid, clear } from './dom.js';
import { icon } from './icons.js';
import { alert } from './kit.js';
import { formatSize, rulesHint, selectFiles, type FileRules } from './file-rules.js';

export interface FilePickerOptions extends FileRules {
  label: string;
  name: string;
  hint?: string;
  /** Several files (default false: one file, a new choice replaces it). */
  multiple?: boolean;
  required?: boolean;
}

export interface UploadResult<T> {
  file: File;
  ok: boolean;
  /** The server's JSON answer when ok. */
  answer?: T;
  /** A French sentence when not ok. */
  error?: string;
}

export interface FilePicker {
  root: HTMLElement;
  input: HTMLInputElement;
  files(): File[];
  clear(): void;
  setError(message: string | null): void;
  validate(): boolean;
  /**
   * Sends every chosen file, one after the other, with its own progress bar; `path` may depend on
   * the file. Uses the shell's client (`context.api`): CSRF header, French errors.
   */
  upload<T = unknown>(api: Pick<ApiClient, 'uploadWithProgress'>, path: string | ((file: File) => string),
    options?: Omit<UploadOptions, 'onProgress'>): Promise<UploadResult<T>[]>;
}

export function filePicker(o: FilePickerOptions): FilePicker {
  const id = uid(`fp-${o.name}`);
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const rules: FileRules = { accept: o.accept, maxSize: o.maxSize, maxFiles: o.multiple ? o.maxFiles : 1 };
  const many = o.multiple === true;

  const input = h('input', {
    id, name: o.name, type: 'file', hidden: true, multiple: many,
    accept: o.accept?.length ? o.accept.join(',') : undefined,
  });
  const label = h('p', { id: labelId, class: 'label' }, o.label, o.required ? null : h('span', { class: 'optional' }, ' (facultatif)'));
  const hintText = [o.hint, rulesHint(rules)].filter(Boolean).join(' ');
  const hint = hintText ? h('p', { id: hintId, class: 'hint' }, hintText) : null;
  const choose = h('button', { type: 'button', class: 'btn btn-secondary', 'aria-describedby': hint ? hintId : undefined },
    icon('paperclip', 18), h('span', {}, many ? 'Choisir des fichiers' : 'Choisir un fichier'),
    h('span', { class: 'visually-hidden' }, ` : ${o.label}`));
  choose.addEventListener('click', () => input.click());
  const zone = h('div', { class: 'dropzone', role: 'group', 'aria-labelledby': labelId },
    icon('cloud-upload', 28),
    h('p', { class: 'dropzone-text' }, many ? 'Déposez vos fichiers ici, ou' : 'Déposez votre fichier ici, ou'),
    choose, input);
  const refusals = h('div', { class: 'live', role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'true' });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const list = h('ul', { class: 'file-list', 'aria-label': `Fichiers choisis : ${o.label}` });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const root = h('div', { class: 'field file-picker' }, label, hint, zone, refusals, error, list, status);

  let chosen: File[] = [];
  const rows = new Map<File, { li: HTMLLIElement; progress: HTMLProgressElement; state: HTMLSpanElement; remove: HTMLButtonElement }>();
  const count = () => chosen.length === 0 ? 'Aucun fichier choisi.'
    : chosen.length === 1 ? '1 fichier choisi.' : `${chosen.length} fichiers choisis.`;

  function render(): void {
    clear(list);
    rows.clear();
    list.hidden = chosen.length === 0;
    for (const f of chosen) {
      const progress = h('progress', { class: 'bar file-bar', max: 100, value: 0, hidden: true, 'aria-label': `Envoi de ${f.name}` });
      const state = h('span', { class: 'file-state' });
      const remove = h('button', { type: 'button', class: 'btn btn-ghost file-remove' },
        icon('trash', 16), h('span', {}, 'Retirer'), h('span', { class: 'visually-hidden' }, ` ${f.name}`));
      remove.addEventListener('click', () => {
        const i = chosen.indexOf(f);
        chosen = chosen.filter((x) => x !== f);
        render();
        status.textContent = `${f.name} retiré. ${count()}`;
        // focus goes to the next « Retirer », else the previous, else the choose button
        const removes = Array.from(list.querySelectorAll<HTMLButtonElement>('.file-remove'));
        (removes[Math.min(i, removes.length - 1)] ?? choose).focus();
      });
      const li = h('li', { class: 'file-item' },
        icon('file', 18),
        h('span', { class: 'file-name' }, f.name),
        h('span', { class: 'file-size' }, formatSize(f.size)),
        state, progress, remove);
      rows.set(f, { li, progress, state, remove });
      list.append(li);
    }
  }

  function add(files: File[]): void {
    const current = many ? chosen : [];
    const { added, refused } = selectFiles(files, current, rules);
    if (added.length) {
      chosen = [...current, ...added];
      api.setError(null);
    }
    clear(refusals);
    if (refused.length) {
      const items = h('ul', { class: 'refused-list' }, ...refused.map((r) => h('li', {}, r.message)));
      refusals.append(alert('warning', refused.length === 1 ? h('p', {}, refused[0]!.message) : items,
        refused.length > 1 ? `${refused.length} fichiers n’ont pas été ajoutés` : undefined));
    }
    render();
    if (added.length) {
      status.textContent = `${added.length === 1 ? `${added[0]!.name} ajouté.` : `${added.length} fichiers ajoutés.`} ${count()}`;
    }
  }

  input.addEventListener('change', () => {
    add(Array.from(input.files ?? []));
    input.value = ''; // the same file may be chosen again after being removed
  });
  let depth = 0;
  zone.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; zone.classList.add('is-dragover'); });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
  zone.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) zone.classList.remove('is-dragover'); });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragover');
    add(Array.from(e.dataTransfer?.files ?? []));
  });
  render();

  const api: FilePicker = {
    root, input,
    files: () => chosen.slice(),
    clear() { chosen = []; clear(refusals); render(); },
    setError(message) {
      if (message) {
        error.textContent = '';
        error.append(icon('circle-alert', 16), h('span', {}, message));
        error.hidden = false;
        choose.setAttribute('aria-describedby', [hint ? hintId : '', errorId].filter(Boolean).join(' '));
        root.classList.add('has-error');
      } else {
        error.hidden = true;
        error.textContent = '';
        if (hint) choose.setAttribute('aria-describedby', hintId); else choose.removeAttribute('aria-describedby');
        root.classList.remove('has-error');
      }
    },
    validate() {
      const problem = o.required && chosen.length === 0 ? (many ? 'Choisissez au moins un fichier.' : 'Choisissez un fichier.') : null;
      api.setError(problem);
      return problem === null;
    },
    async upload<T>(client: Pick<ApiClient, 'uploadWithProgress'>, path: string | ((file: File) => string), options: Omit<UploadOptions, 'onProgress'> = {}) {
      const results: UploadResult<T>[] = [];
      choose.disabled = true;
      try {
        for (const f of chosen.slice()) {
          const row = rows.get(f);
          if (row) {
            row.progress.hidden = false;
            row.progress.value = 0;
            row.remove.disabled = true;
            row.state.textContent = 'Envoi…';
          }
          try {
            const answer = await client.uploadWithProgress<T>(typeof path === 'function' ? path(f) : path, f, {
              ...options,
              onProgress: (fraction) => {
                if (!row) return;
                row.progress.value = Math.round(fraction * 100);
                row.state.textContent = `Envoi : ${Math.round(fraction * 100)} %`;
              },
            });
            results.push({ file: f, ok: true, answer });
            if (row) { row.state.textContent = 'Envoyé'; row.li.classList.add('is-done'); row.progress.value = 100; }
          } catch (e) {
            const message = e instanceof ProblemError ? e.title
              : e instanceof DOMException && e.name === 'AbortError' ? 'Envoi annulé.' : 'L’envoi a échoué. Réessayez.';
            results.push({ file: f, ok: false, error: message });
            if (row) { row.state.textContent = `Échec : ${message}`; row.li.classList.add('is-failed'); row.progress.hidden = true; }
          } finally {
            if (row) row.remove.disabled = false;
          }
        }
      } finally {
        choose.disabled = false;
      }
      const failed = results.filter((r) => !r.ok).length;
      status.textContent = failed === 0 ? (results.length === 1 ? 'Le fichier est envoyé.' : `Les ${results.length} fichiers sont envoyés.`)
        : `${failed} fichier${failed > 1 ? 's' : ''} sur ${results.length} n’${failed > 1 ? 'ont' : 'a'} pas pu être envoyé${failed > 1 ? 's' : ''}.`;
      return results;
    },
  };
  return api;
}
