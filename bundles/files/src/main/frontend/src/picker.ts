/**
 * The annuaire search of the share dialog, reused by the groupes de travail: people (and, for a share, classes and
 * groupes) found by name among those the box's communication rules let the person address, chosen with checkboxes.
 * The box checks every choice again.
 */
import type { FilesApi } from './api.js';
import type { TextField } from './kit.js';
import { plural, problemMessage } from './logic.js';
import type { Choices, Grantee } from './types.js';
import { kit, uid } from './ui.js';

export interface PickerWords {
  label: string;
  hint: string;
  legend: string;
  /** When nobody matches. */
  none: string;
  /** « Aucun destinataire choisi. » */
  noneChosen: string;
  /** « destinataire choisi », « destinataires choisis ». */
  one: string;
  many: string;
}

export interface Picker {
  search: TextField;
  /** The search field, the choices and the note saying who is chosen, in that order. */
  parts: HTMLElement[];
  chosen: Map<string, Grantee & { label: string }>;
  run: () => Promise<void>;
  /** Forgets the choices (after they were saved) and searches again. */
  reset: () => void;
}

export function annuairePicker(api: FilesApi, words: PickerWords, peopleOnly = false): Picker {
  const K = kit();
  const search = K.textField({ label: words.label, name: 'q', type: 'search', hint: words.hint });
  const results = K.h('fieldset', { class: 'choices files-share-choices', id: uid('picker-results') },
    K.h('legend', { class: 'label' }, words.legend));
  const chosen = new Map<string, Grantee & { label: string }>();
  const chosenNote = K.h('p', { class: 'hint', 'aria-live': 'polite' }, words.noneChosen);
  const sayChosen = () => {
    chosenNote.textContent = chosen.size === 0 ? words.noneChosen
      : `${plural(chosen.size, words.one, words.many)} : ${[...chosen.values()].map((c) => c.label).join(', ')}.`;
  };
  const render = (c: Choices) => {
    results.replaceChildren(K.h('legend', { class: 'label' }, words.legend));
    const box = (key: string, g: Grantee, label: string, note: string) => {
      const id = uid('grantee');
      const input = K.h('input', { type: 'checkbox', id, name: 'destinataire', value: key, checked: chosen.has(key) });
      input.addEventListener('change', () => {
        if (input.checked) chosen.set(key, { ...g, label });
        else chosen.delete(key);
        sayChosen();
      });
      return K.h('div', { class: 'choice' }, input, K.h('label', { for: id }, label, note ? K.h('span', { class: 'hint' }, ` (${note})`) : null));
    };
    const classes = peopleOnly ? [] : c.classes;
    for (const d of classes) results.append(box(`CLASSE:${d.id}`, { type: 'CLASSE', id: d.id }, d.label, 'ses élèves et ses enseignants'));
    for (const p of c.personnes) results.append(box(`PERSONNE:${p.id}`, { type: 'PERSONNE', id: p.id }, p.label, p.profil));
    if (classes.length === 0 && c.personnes.length === 0) results.append(K.h('p', { class: 'hint' }, words.none));
  };
  let seq = 0;
  const run = async () => {
    const mine = ++seq;
    try {
      const c = await api.candidates(search.value().trim());
      if (mine === seq) render(c);
    } catch (e) {
      if (mine === seq) search.setError(problemMessage(e));
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.input.addEventListener('input', () => {
    search.setError(null);
    clearTimeout(timer);
    timer = setTimeout(() => { void run(); }, 250);
  });
  search.input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); void run(); } });
  const reset = () => { chosen.clear(); sayChosen(); void run(); };
  return { search, parts: [search.root, results, chosenNote], chosen, run, reset };
}
