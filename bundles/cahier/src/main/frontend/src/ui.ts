/**
 * Small building blocks shared by the screens, made from the shell's kit (set once at mount): a
 * labelled select, in-module tabs, loading with skeleton and French error, a séance card, a devoir.
 */
import type { Child, Kit } from './kit.js';
import type { Amendement, Devoir, Seance } from './types.js';
import { problemTitle } from './api.js';
import { isSurTable, minutesLabel } from './logic.js';

let K: Kit;
let seq = 0;

export function setKit(kit: Kit): void { K = kit; }
export function kit(): Kit { return K; }
export function uid(prefix: string): string { seq += 1; return `cahier-${prefix}-${seq}`; }

/** Stored HTML (sanitized by the server) shown as HTML, cleaned once more by the kit's allow-list. */
export function richContent(html: string, cls = 'cahier-rich'): HTMLDivElement {
  const root = K.h('div', { class: cls });
  if (!html) return root;
  const tpl = document.createElement('template');
  tpl.innerHTML = K.sanitizeHtml(html);
  root.append(tpl.content);
  return root;
}

export interface SelectField {
  root: HTMLDivElement;
  select: HTMLSelectElement;
  value(): string;
  setOptions(options: { value: string; label: string }[], keep?: boolean): void;
  setError(message: string | null): void;
}

/** A labelled select with its error linked by aria-describedby (the kit has no select). */
export function selectField(o: { label: string; name: string; options: { value: string; label: string }[]; value?: string; required?: boolean; hint?: string; placeholder?: string }): SelectField {
  const id = uid(o.name);
  const select = K.h('select', { id, name: o.name, class: 'input', required: o.required ?? false, 'aria-required': o.required ? 'true' : undefined });
  const hint = o.hint ? K.h('p', { id: `${id}-hint`, class: 'hint' }, o.hint) : null;
  const error = K.h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const root = K.h('div', { class: 'field' },
    K.h('label', { for: id, class: 'label' }, o.label, o.required ? null : K.h('span', { class: 'optional' }, ' (facultatif)')),
    hint, select, error);
  const describe = (withError: boolean) => {
    const ids = [hint ? `${id}-hint` : '', withError ? `${id}-error` : ''].filter(Boolean).join(' ');
    if (ids) select.setAttribute('aria-describedby', ids); else select.removeAttribute('aria-describedby');
  };
  describe(false);
  const setOptions = (options: { value: string; label: string }[], keep = true) => {
    const old = select.value;
    select.replaceChildren();
    if (o.placeholder !== undefined) select.append(K.h('option', { value: '' }, o.placeholder));
    for (const opt of options) select.append(K.h('option', { value: opt.value }, opt.label));
    if (keep && options.some((x) => x.value === old)) select.value = old;
  };
  setOptions(o.options, false);
  if (o.value !== undefined) select.value = o.value;
  return {
    root, select, setOptions,
    value: () => select.value,
    setError(message) {
      if (message) {
        error.textContent = message;
        error.hidden = false;
        select.setAttribute('aria-invalid', 'true');
        root.classList.add('has-error');
        describe(true);
      } else {
        error.textContent = '';
        error.hidden = true;
        select.removeAttribute('aria-invalid');
        root.classList.remove('has-error');
        describe(false);
      }
    },
  };
}

/** A checkbox with its label. */
export function checkbox(label: Child, name: string, checked = false): { root: HTMLDivElement; input: HTMLInputElement } {
  const id = uid(name);
  const input = K.h('input', { type: 'checkbox', id, name });
  input.checked = checked;
  return { root: K.h('div', { class: 'check' }, input, K.h('label', { for: id }, label)), input };
}

export interface Tab { id: string; label: string; icon?: string; render(panel: HTMLElement): void | (() => void) }

/**
 * In-module views (the shell routes only `#/module/cahier`): a row of buttons, the current one
 * marked with aria-current; the chosen view replaces the panel and its heading gets the focus.
 */
export function tabs(label: string, items: Tab[], initial?: string): { root: HTMLElement; show(id: string, focus?: boolean): void; dispose(): void } {
  const panel = K.h('div', { class: 'cahier-panel' });
  const list = K.h('ul', {});
  const nav = K.h('nav', { class: 'tabs', 'aria-label': label }, list);
  const buttons = new Map<string, HTMLButtonElement>();
  let cleanup: void | (() => void);
  const show = (id: string, focus = false) => {
    const tab = items.find((t) => t.id === id) ?? items[0]!;
    for (const [key, b] of buttons) {
      const here = key === tab.id;
      b.classList.toggle('is-current', here);
      if (here) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
    }
    try { cleanup?.(); } catch { /* the old view is gone anyway */ }
    panel.replaceChildren();
    cleanup = tab.render(panel);
    if (focus) {
      const heading = panel.querySelector<HTMLElement>('h2');
      if (heading) { heading.tabIndex = -1; heading.focus(); }
    }
  };
  for (const t of items) {
    const b = K.h('button', { type: 'button', class: 'tab', 'data-tab': t.id }, t.icon ? K.icon(t.icon, 18) : null, K.h('span', {}, t.label));
    b.addEventListener('click', () => show(t.id, true));
    buttons.set(t.id, b);
    list.append(K.h('li', {}, b));
  }
  const root = K.h('div', { class: 'cahier-tabs' }, nav, panel);
  show(initial ?? items[0]!.id);
  return { root, show, dispose: () => { try { cleanup?.(); } catch { /* ignore */ } } };
}

/**
 * Runs a load into a container: skeleton and aria-busy meanwhile, then the rendered result, or
 * the problem's French title in an error box with « Réessayer ». Returns a function that reloads.
 */
export function loadInto<T>(container: HTMLElement, work: () => Promise<T>, render: (data: T) => Child | Child[], lines = 3): () => Promise<void> {
  let ticket = 0;
  const run = async () => {
    const mine = ++ticket;
    container.setAttribute('aria-busy', 'true');
    container.replaceChildren(K.skeleton(lines));
    try {
      const data = await work();
      if (mine !== ticket) return;
      const out = render(data);
      container.replaceChildren();
      for (const c of Array.isArray(out) ? out : [out]) if (c !== null && c !== undefined && c !== false) container.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
    } catch (e) {
      if (mine !== ticket) return;
      const retry = K.button('Réessayer', { variant: 'secondary', icon: 'refresh-cw', onClick: () => { void run(); } });
      container.replaceChildren(K.alert('error', K.h('div', {}, K.h('p', {}, problemTitle(e)), retry), 'Le chargement n’a pas abouti'));
    } finally {
      if (mine === ticket) container.removeAttribute('aria-busy');
    }
  };
  void run();
  return run;
}

export function badge(text: string, kind: 'active' | 'pending' | 'locked' | 'deactivated' = 'pending'): HTMLSpanElement {
  return K.h('span', { class: `badge badge-${kind}` }, text);
}

function amendements(list: Amendement[]): HTMLElement | null {
  if (!list?.length) return null;
  return K.h('div', { class: 'cahier-amendements' },
    K.h('p', { class: 'strong' }, list.length > 1 ? 'Rectificatifs' : 'Rectificatif'),
    K.h('ul', { class: 'plain-list' }, ...list.map((a) => K.h('li', {},
      K.h('span', {}, `${a.author}, ${K.format.relative(new Date(a.at))} : `), a.texte))));
}

export interface DevoirOptions {
  /** Pupils: a « Fait » checkbox; called when ticked or unticked. */
  onDone?: (d: Devoir, done: boolean) => Promise<void>;
  /** Teachers: buttons under the devoir. */
  actions?: (d: Devoir) => Child[];
  /** Show the class and matière (lists mixing several). */
  withSubject?: boolean;
  /** Show the due date (inside a séance). */
  withDate?: boolean;
}

/** One devoir: due day, kind (a devoir sur table says so in words and with an icon), instructions. */
export function devoirBlock(d: Devoir, o: DevoirOptions = {}): HTMLElement {
  const sur = isSurTable(d);
  const facts: string[] = [];
  if (d.minutes) facts.push(`Temps estimé : ${minutesLabel(d.minutes)}`);
  if (d.rendu) facts.push('À rendre');
  const title = K.h('span', { class: 'strong' },
    o.withSubject ? `${d.matiere} (${d.classe})` : d.kindLabel,
    o.withDate ? ` — pour ${K.format.sayDay(d.pour)}` : '');
  const head = K.h('p', { class: 'cahier-devoir-head' },
    sur ? K.icon('triangle-alert', 18) : K.icon('book-open', 18), ' ', title, ' ',
    sur ? badge('Devoir sur table', 'locked') : (o.withSubject ? badge(d.kindLabel, 'pending') : null),
    d.published === false ? badge(d.publishAt ? `Publié ${K.format.relative(new Date(d.publishAt))}` : 'Pas encore publié', 'deactivated') : null);
  const root = K.h('div', { class: `cahier-devoir${sur ? ' is-sur-table' : ''}`, 'data-devoir': d.id }, head);
  if (o.onDone && d.done !== null) {
    const box = checkbox(K.h('span', {}, 'Fait', K.h('span', { class: 'visually-hidden' }, ` : ${d.matiere}, ${d.kindLabel}, pour ${K.format.day(d.pour)}`)), `fait-${d.id}`, Boolean(d.done));
    box.input.addEventListener('change', () => {
      const wanted = box.input.checked;
      box.input.disabled = true;
      o.onDone!(d, wanted).catch(() => { box.input.checked = !wanted; }).finally(() => { box.input.disabled = false; });
    });
    root.append(box.root);
  }
  root.append(richContent(d.instructions));
  if (facts.length) root.append(K.h('p', { class: 'hint' }, facts.join(' · ')));
  const am = amendements(d.amendements);
  if (am) root.append(am);
  const acts = o.actions?.(d) ?? [];
  if (acts.length) root.append(K.h('div', { class: 'row-actions' }, ...acts));
  return root;
}

export interface SeanceOptions {
  headingLevel?: 'h3' | 'h4';
  actions?: (s: Seance) => Child[];
  devoirActions?: (d: Devoir) => Child[];
  onDone?: DevoirOptions['onDone'];
  /** Show the day (lists spanning several days). */
  withDay?: boolean;
}

/** One séance as a card: subject and class, slot, title, content, links, attachments, devoirs, visa, corrections. */
export function seanceCard(s: Seance, o: SeanceOptions = {}): HTMLElement {
  const heading = K.h(o.headingLevel ?? 'h4', { class: 'cahier-seance-title' }, `${s.matiere} — ${s.classe}`);
  const when = `${o.withDay ? `${K.format.day(s.date)}, ` : ''}${K.format.slot(s.debut, s.fin)}`;
  const meta = K.h('p', { class: 'hint' }, when, ` · ${s.author}`);
  const marks = K.h('p', { class: 'cahier-marks' });
  if (s.kind === 'JOURNAL') marks.append(badge('Cahier journal', 'pending'), ' ');
  if (!s.published) marks.append(badge(s.publishAt ? `Publication prévue ${K.format.relative(new Date(s.publishAt))}` : 'Pas encore publiée', 'deactivated'), ' ');
  if (s.visa) marks.append(K.icon('shield-check', 16), ' ', badge(`Visé par ${s.visa.by} jusqu’au ${K.format.day(s.visa.until)}`, 'active'));
  const root = K.h('article', { class: 'card cahier-seance', 'data-seance': s.id }, heading, meta);
  if (marks.childNodes.length) root.append(marks);
  if (s.titre) root.append(K.h('p', { class: 'strong' }, s.titre));
  root.append(richContent(s.contenu));
  if (s.liens?.length) {
    root.append(K.h('p', { class: 'strong' }, s.liens.length > 1 ? 'Liens' : 'Lien'),
      K.h('ul', {}, ...s.liens.map((l) => K.h('li', {}, K.h('a', { href: l.url, rel: 'noopener noreferrer', target: '_blank' }, l.label || l.url,
        K.h('span', { class: 'visually-hidden' }, ' (nouvelle fenêtre)'))))));
  }
  if (s.pieces?.length) {
    root.append(K.h('p', { class: 'strong' }, 'Pièces jointes'),
      K.h('ul', {}, ...s.pieces.map((p) => K.h('li', {}, K.h('a', { href: p.url, download: p.name }, K.icon('file-text', 16), ` ${p.name}`),
        K.h('span', { class: 'hint' }, ` (${K.format.size(p.size)})`)))));
  }
  if (s.devoirs?.length) {
    root.append(K.h('p', { class: 'strong' }, s.devoirs.length > 1 ? 'Devoirs donnés' : 'Devoir donné'),
      ...s.devoirs.map((d) => devoirBlock(d, { withDate: true, onDone: o.onDone, actions: o.devoirActions })));
  }
  const am = amendements(s.amendements);
  if (am) root.append(am);
  const acts = o.actions?.(s) ?? [];
  if (acts.length) root.append(K.h('div', { class: 'row-actions' }, ...acts));
  return root;
}

/** A list of séances grouped by day under h3 headings, with an empty state. */
export function seancesByDay(days: string[], seances: Seance[], o: SeanceOptions, empty: string): Child[] {
  if (seances.length === 0) return [K.emptyState(empty, 'calendar')];
  const out: Child[] = [];
  for (const day of days) {
    const list = seances.filter((s) => s.date === day);
    const section = K.h('section', { class: 'cahier-day', 'aria-label': K.format.day(day) },
      K.h('h3', {}, capitalise(K.format.day(day))));
    if (list.length === 0) section.append(K.h('p', { class: 'hint' }, 'Rien de noté ce jour-là.'));
    else section.append(...list.map((s) => seanceCard(s, o)));
    out.push(section);
  }
  return out;
}

export function capitalise(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** A week navigator: « Semaine précédente », the week in words, « Semaine suivante », « Cette semaine ». */
export function weekNav(label: string, onMove: (delta: number) => void): { root: HTMLElement; set(text: string): void } {
  const text = K.h('p', { class: 'strong', 'aria-live': 'polite' });
  const root = K.h('div', { class: 'actions cahier-week-nav', role: 'group', 'aria-label': label },
    K.button('Semaine précédente', { variant: 'secondary', icon: 'chevron-left', onClick: () => onMove(-1) }),
    K.button('Cette semaine', { variant: 'ghost', onClick: () => onMove(0) }),
    K.button('Semaine suivante', { variant: 'secondary', icon: 'chevron-right', onClick: () => onMove(1) }),
    text);
  return { root, set: (t) => { text.textContent = t; } };
}
