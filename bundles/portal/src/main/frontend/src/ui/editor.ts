/**
 * A small rich-text editor for teachers (a séance's content, a message): bold, italic, underline,
 * bulleted and numbered lists, links, clear formatting. The toolbar is an ARIA toolbar (one Tab
 * stop, arrows move between buttons); the writing area is a labelled multi-line text box.
 * `value()` gives clean HTML limited to the allow-list of ./sanitize.ts; pastes and drops are
 * cleaned the same way. The module's server must still sanitize what it receives.
 *
 * Formatting uses document.execCommand: deprecated on paper, but implemented by every browser,
 * with undo (Ctrl+Z) for free, and far lighter than an editor library.
 */
import { h, uid } from './dom.js';
import { icon } from './icons.js';
import { textField } from './kit.js';
import { dialog } from './dialog.js';
import { escapeAttr, escapeText, linkProblem, normaliseLinkInput, sanitizeHtml, textLength, textToHtml } from './sanitize.js';

export interface RichTextOptions {
  label: string;
  name: string;
  hint?: string;
  /** Initial HTML (cleaned before it is shown). */
  value?: string;
  required?: boolean;
  /** Most visible characters; a counter shows how many are left. */
  maxLength?: number;
}

export interface RichTextEditor {
  root: HTMLElement;
  editable: HTMLDivElement;
  /** Clean HTML ('' when there is no text). */
  value(): string;
  setValue(html: string): void;
  /** Visible characters (what the counter counts). */
  length(): number;
  setError(message: string | null): void;
  /** Required and length checks; shows the problem; true when fine. */
  validate(): boolean;
  focus(): void;
}

type Command = 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'insertOrderedList' | 'link' | 'removeFormat';

interface Tool { command: Command; label: string; icon: string; keys: string; shortcut: string; toggle: boolean }

const TOOLS: Tool[] = [
  { command: 'bold', label: 'Gras', icon: 'bold', keys: 'Control+B', shortcut: 'Ctrl+B', toggle: true },
  { command: 'italic', label: 'Italique', icon: 'italic', keys: 'Control+I', shortcut: 'Ctrl+I', toggle: true },
  { command: 'underline', label: 'Souligné', icon: 'underline', keys: 'Control+U', shortcut: 'Ctrl+U', toggle: true },
  { command: 'insertUnorderedList', label: 'Liste à puces', icon: 'list', keys: 'Control+Shift+8', shortcut: 'Ctrl+Maj+8', toggle: true },
  { command: 'insertOrderedList', label: 'Liste numérotée', icon: 'list-ordered', keys: 'Control+Shift+7', shortcut: 'Ctrl+Maj+7', toggle: true },
  { command: 'link', label: 'Lien', icon: 'link', keys: 'Control+K', shortcut: 'Ctrl+K', toggle: false },
  { command: 'removeFormat', label: 'Effacer la mise en forme', icon: 'remove-formatting', keys: '', shortcut: '', toggle: false },
];

function exec(command: string, arg?: string): void {
  document.execCommand(command, false, arg);
}

const number = (n: number) => n.toLocaleString('fr-FR');

export function richTextEditor(o: RichTextOptions): RichTextEditor {
  const id = uid(`rte-${o.name}`);
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const counterId = `${id}-count`;
  const errorId = `${id}-error`;
  const shortcutsId = `${id}-keys`;

  const editable = h('div', {
    id, class: 'rte-area', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true',
    'aria-labelledby': labelId, 'aria-required': o.required ? 'true' : undefined, spellcheck: 'true', lang: 'fr',
  });
  const label = h('span', { id: labelId, class: 'label' }, o.label,
    o.required ? null : h('span', { class: 'optional' }, ' (facultatif)'));
  // a click on the label puts the cursor in the text, as for an ordinary field
  label.addEventListener('click', () => editable.focus());
  const hint = o.hint ? h('p', { id: hintId, class: 'hint' }, o.hint) : null;
  const shortcuts = h('p', { id: shortcutsId, class: 'visually-hidden' },
    'Raccourcis : Ctrl+B gras, Ctrl+I italique, Ctrl+U souligné, Ctrl+K lien, Alt+F10 pour aller à la barre d’outils.');
  const counter = o.maxLength ? h('p', { id: counterId, class: 'hint rte-count' }) : null;
  const counterSay = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });

  // ---------------------------------------------------------------- toolbar (roving tabindex)
  const buttons = new Map<Command, HTMLButtonElement>();
  const toolbar = h('div', { class: 'rte-toolbar', role: 'toolbar', 'aria-label': `Mise en forme : ${o.label}`, 'aria-controls': id });
  TOOLS.forEach((t, i) => {
    const b = h('button', {
      type: 'button', class: 'rte-button', tabindex: i === 0 ? '0' : '-1',
      'aria-label': t.label, title: t.shortcut ? `${t.label} (${t.shortcut})` : t.label,
      'aria-keyshortcuts': t.keys || undefined, 'aria-pressed': t.toggle ? 'false' : undefined,
      'data-command': t.command,
    }, icon(t.icon, 18));
    if (t.command === 'removeFormat' || t.command === 'link') toolbar.append(h('span', { class: 'rte-sep', 'aria-hidden': 'true' }));
    // the mouse must not take the selection away from the text
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => run(t.command));
    buttons.set(t.command, b);
    toolbar.append(b);
  });
  const toolList = [...buttons.values()];
  const moveTo = (b: HTMLButtonElement) => {
    for (const x of toolList) x.tabIndex = x === b ? 0 : -1;
    b.focus();
  };
  toolbar.addEventListener('keydown', (e) => {
    const i = toolList.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % toolList.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + toolList.length) % toolList.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = toolList.length - 1;
    else if (e.key === 'Escape') { e.preventDefault(); focusText(); return; }
    if (next >= 0) { e.preventDefault(); moveTo(toolList[next]!); }
  });

  // ---------------------------------------------------------------- selection kept across the toolbar
  let saved: Range | null = null;
  const inside = (n: Node | null) => !!n && (n === editable || editable.contains(n));
  const onSelection = () => {
    if (!editable.isConnected) { document.removeEventListener('selectionchange', onSelection); return; }
    const sel = document.getSelection();
    if (sel && sel.rangeCount && inside(sel.anchorNode)) {
      saved = sel.getRangeAt(0).cloneRange();
      updateState();
    }
  };
  document.addEventListener('selectionchange', onSelection);
  // selectionchange comes later, as a task: leaving the text (Shift+Tab to the toolbar) saves it now
  editable.addEventListener('focusout', onSelection);
  const restore = () => {
    const sel = document.getSelection();
    // a toolbar button does not take the selection: when it is still in the text, it is the right one
    if (sel && sel.rangeCount && inside(sel.anchorNode) && inside(sel.focusNode)) { saved = sel.getRangeAt(0).cloneRange(); return; }
    if (saved && sel) { sel.removeAllRanges(); sel.addRange(saved); }
  };
  function focusText(): void {
    editable.focus({ preventScroll: true });
    restore();
  }

  function updateState(): void {
    for (const t of TOOLS) {
      if (!t.toggle) continue;
      let on = false;
      try { on = document.queryCommandState(t.command); } catch { on = false; }
      buttons.get(t.command)!.setAttribute('aria-pressed', String(on));
    }
  }

  function run(command: Command): void {
    if (command === 'link') { void linkDialog(); return; }
    focusText();
    exec('styleWithCSS', 'false');
    if (command === 'removeFormat') {
      exec('removeFormat');
      exec('unlink');
    } else {
      exec(command);
    }
    changed();
    updateState();
  }

  // ---------------------------------------------------------------- link dialog
  function currentLink(): HTMLAnchorElement | null {
    let n: Node | null = saved?.commonAncestorContainer ?? null;
    while (n && n !== editable) {
      if (n instanceof HTMLAnchorElement) return n;
      n = n.parentNode;
    }
    return null;
  }

  async function linkDialog(): Promise<void> {
    const origin = document.activeElement as HTMLElement | null;
    if (!saved) {
      // nothing chosen yet: the link goes at the end of the text
      const r = document.createRange();
      r.selectNodeContents(editable);
      r.collapse(false);
      saved = r;
    }
    const existing = currentLink();
    const collapsed = saved.collapsed && !existing;
    const url = textField({ label: 'Adresse du lien', name: 'url', type: 'text', inputmode: 'url', required: true, spellcheck: false,
      autocapitalize: 'none', hint: 'Elle commence par https:// ou http:// (un site) ou mailto: (une adresse électronique).',
      value: existing?.getAttribute('href') ?? '' });
    const words = collapsed ? textField({ label: 'Texte du lien', name: 'texte', hint: 'Sans texte, l’adresse est écrite telle quelle.' }) : null;
    const form = h('form', { class: 'form', novalidate: true }, url.root, words?.root ?? null);
    let accepted = '';
    const check = () => {
      const problem = linkProblem(url.value());
      url.setError(problem);
      if (problem) { url.input.focus(); return false; }
      accepted = normaliseLinkInput(url.value());
      return true;
    };
    const actions = [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' as const },
      ...(existing ? [{ label: 'Retirer le lien', value: 'unlink', variant: 'secondary' as const }] : []),
      { label: existing ? 'Modifier le lien' : 'Ajouter le lien', value: 'ok', onClick: check },
    ];
    const d = dialog<string>({ title: existing ? 'Modifier le lien' : 'Ajouter un lien', body: form, actions });
    // Enter in a field adds the link (a form with two fields and no submit button would not submit)
    const submit = () => { if (check()) d.close('ok'); };
    form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target instanceof HTMLInputElement) { e.preventDefault(); submit(); }
    });
    const answer = await d.result;
    if (answer !== 'ok' && answer !== 'unlink') {
      // cancelled: back where the person was (the dialog already put the focus back there)
      if (origin === editable || !origin) focusText();
      return;
    }
    focusText();
    if (answer === 'unlink' && existing) {
      const r = document.createRange();
      r.selectNodeContents(existing);
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(r);
      exec('unlink');
    } else if (answer === 'ok') {
      if (existing) {
        existing.setAttribute('href', accepted);
      } else if (collapsed) {
        const text = words?.value().trim() || accepted.replace(/^mailto:/i, '');
        insertHtml(`<a href="${escapeAttr(accepted)}">${escapeText(text)}</a>&nbsp;`);
      } else {
        exec('createLink', accepted);
      }
    }
    changed();
  }

  // ---------------------------------------------------------------- keyboard, paste, drop
  editable.addEventListener('focus', () => {
    exec('defaultParagraphSeparator', 'p');
    exec('styleWithCSS', 'false');
  });
  editable.addEventListener('keydown', (e) => {
    if (e.altKey && e.key === 'F10') {
      e.preventDefault();
      moveTo(toolList.find((b) => b.tabIndex === 0) ?? toolList[0]!);
      return;
    }
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    let command: Command | null = null;
    if (!e.shiftKey && k === 'b') command = 'bold';
    else if (!e.shiftKey && k === 'i') command = 'italic';
    else if (!e.shiftKey && k === 'u') command = 'underline';
    else if (!e.shiftKey && k === 'k') command = 'link';
    else if (e.shiftKey && e.code === 'Digit8') command = 'insertUnorderedList';
    else if (e.shiftKey && e.code === 'Digit7') command = 'insertOrderedList';
    if (command) {
      e.preventDefault();
      onSelection();
      run(command);
    }
  });
  const insertClean = (data: DataTransfer | null) => {
    if (!data) return;
    const html = data.getData('text/html');
    const clean = html ? sanitizeHtml(html) : textToHtml(data.getData('text/plain'));
    if (clean) insertHtml(clean);
    changed();
  };

  /**
   * Puts clean HTML (allow-list only) at the caret. Not execCommand('insertHTML'): Chromium
   * wraps what it inserts in spans with inline styles, which the page's CSP refuses.
   */
  function insertHtml(clean: string): void {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount || !inside(sel.getRangeAt(0).commonAncestorContainer)) return;
    const range = sel.getRangeAt(0);
    const template = document.createElement('template');
    template.innerHTML = clean; // sanitizer output: only p, br, strong, em, u, ul, ol, li, a[href]
    const frag = template.content;
    const isBlock = (n: Node) => n.nodeName === 'P' || n.nodeName === 'UL' || n.nodeName === 'OL';
    // a single pasted paragraph goes into the current one as words
    if (frag.childNodes.length === 1 && frag.firstChild!.nodeName === 'P') {
      const p = frag.firstChild!;
      while (p.firstChild) frag.insertBefore(p.firstChild, p);
      p.remove();
    }
    range.deleteContents();
    let block: Node | null = range.startContainer;
    while (block && block.parentNode !== editable && block !== editable) block = block.parentNode;
    let last: Node | null = frag.lastChild;
    if (Array.from(frag.childNodes).some(isBlock) && block && block !== editable && block.nodeName === 'P') {
      // paragraphs or lists pasted inside a paragraph: split it around them
      const tail = document.createRange();
      tail.setStart(range.startContainer, range.startOffset);
      tail.setEndAfter(block.lastChild ?? block);
      const rest = tail.extractContents();
      const after = document.createElement('p');
      after.append(...Array.from(rest.childNodes));
      block.parentNode!.insertBefore(frag, block.nextSibling);
      last?.parentNode?.insertBefore(after, last.nextSibling);
      if (!(after.textContent ?? '').trim()) after.remove();
      if (!(block.textContent ?? '').trim()) block.parentNode?.removeChild(block);
    } else {
      range.insertNode(frag);
    }
    if (last?.isConnected) {
      const caret = document.createRange();
      if (isBlock(last)) { caret.selectNodeContents(last); caret.collapse(false); } else { caret.setStartAfter(last); caret.collapse(true); }
      sel.removeAllRanges();
      sel.addRange(caret);
    }
    last = null;
  }
  editable.addEventListener('paste', (e) => {
    e.preventDefault();
    insertClean(e.clipboardData);
  });
  editable.addEventListener('drop', (e) => {
    e.preventDefault(); // files and foreign HTML never land as they are
    if (e.dataTransfer?.files.length) return;
    const range = document.caretRangeFromPoint?.(e.clientX, e.clientY);
    if (range) { const sel = document.getSelection(); sel?.removeAllRanges(); sel?.addRange(range); }
    insertClean(e.dataTransfer);
  });

  // ---------------------------------------------------------------- counter and errors
  const describe = (withError: boolean) => {
    const ids = [hint ? hintId : '', shortcutsId, counter ? counterId : '', withError ? errorId : ''].filter(Boolean).join(' ');
    editable.setAttribute('aria-describedby', ids);
  };
  describe(false);
  let sayTimer = 0;
  let lastError: string | null = null;
  function changed(): void {
    if (!o.maxLength || !counter) return;
    const n = textLength(editable);
    const left = o.maxLength - n;
    counter.textContent = left >= 0
      ? `${number(n)} sur ${number(o.maxLength)} caractères`
      : `${number(n)} sur ${number(o.maxLength)} caractères : ${number(-left)} de trop`;
    counter.classList.toggle('is-over', left < 0);
    if (left < 0) api.setError(`Ce texte est trop long de ${number(-left)} caractère${-left > 1 ? 's' : ''}. Raccourcissez-le.`);
    else if (lastError?.startsWith('Ce texte est trop long')) api.setError(null);
    // said once typing pauses, not at every key
    window.clearTimeout(sayTimer);
    sayTimer = window.setTimeout(() => {
      counterSay.textContent = left >= 0 ? `Il reste ${number(left)} caractère${left > 1 ? 's' : ''}.`
        : `${number(-left)} caractère${-left > 1 ? 's' : ''} de trop.`;
    }, 1000);
  }
  editable.addEventListener('input', changed);

  const toolbarRow = h('div', { class: 'rte-frame' }, toolbar, editable);
  const root = h('div', { class: 'field rte' }, label, hint, shortcuts, toolbarRow, counter, counterSay, error);

  const api: RichTextEditor = {
    root, editable,
    value: () => sanitizeHtml(editable.innerHTML),
    setValue(html) {
      // the sanitiser's output contains only the allow-list: safe to put back as HTML
      editable.innerHTML = sanitizeHtml(html);
      changed();
    },
    length: () => textLength(editable),
    setError(message) {
      lastError = message;
      if (message) {
        error.textContent = '';
        error.append(icon('circle-alert', 16), h('span', {}, message));
        error.hidden = false;
        editable.setAttribute('aria-invalid', 'true');
        root.classList.add('has-error');
        describe(true);
      } else {
        error.hidden = true;
        error.textContent = '';
        editable.removeAttribute('aria-invalid');
        root.classList.remove('has-error');
        describe(false);
      }
    },
    validate() {
      const n = textLength(editable);
      let problem: string | null = null;
      if (o.required && !api.value()) problem = `Écrivez le texte de « ${o.label} ».`;
      else if (o.maxLength && n > o.maxLength) {
        problem = `Ce texte est trop long de ${number(n - o.maxLength)} caractère${n - o.maxLength > 1 ? 's' : ''}. Raccourcissez-le.`;
      }
      api.setError(problem);
      return problem === null;
    },
    focus: () => editable.focus(),
  };
  if (o.value) api.setValue(o.value); else changed();
  return api;
}
