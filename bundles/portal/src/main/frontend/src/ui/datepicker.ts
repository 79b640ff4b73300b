/**
 * A labelled date field (the browser's own date input: a calendar on every phone, jj/mm/aaaa on a
 * French computer), with an optional time or time slot. Values are ISO: `YYYY-MM-DD`, `HH:MM`.
 * Under the field, the chosen day is written out ("C’est le jeudi 12 mars 2026.") so that nobody
 * mixes up day and month.
 */
import { h, uid } from './dom.js';
import { showFieldError } from './field.js';
import { dateProblem, formatDay, formatTime, slotProblem } from '../format.js';
import type { DatePicker } from '../module-kit.js';

export interface DatePickerOptions {
  label: string;
  name: string;
  hint?: string;
  required?: boolean;
  /** ISO `YYYY-MM-DD`. */
  value?: string;
  min?: string;
  max?: string;
  /** 'time': one time ("Heure"); 'slot': a start and an end ("De", "À"). */
  time?: 'time' | 'slot';
  /** Initial times (HH:MM). */
  start?: string;
  end?: string;
}

// its interface is the one modules compile against
export type { DatePicker } from '../module-kit.js';

function timeInput(id: string, name: string, value?: string): HTMLInputElement {
  const input = h('input', { id, name, type: 'time', class: 'input input-time', step: 300 });
  if (value) input.value = value;
  return input;
}

export function datePicker(o: DatePickerOptions): DatePicker {
  const id = uid(`d-${o.name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const sayId = `${id}-say`;
  const grouped = o.time !== undefined;
  const input = h('input', {
    id, name: o.name, type: 'date', class: 'input input-date',
    required: o.required ?? false, 'aria-required': o.required ? 'true' : undefined,
    min: o.min, max: o.max,
  });
  if (o.value) input.value = o.value;
  const optional = o.required ? null : h('span', { class: 'optional' }, ' (facultatif)');
  const hintText = o.hint ?? 'Choisissez dans le calendrier ou écrivez la date : jj/mm/aaaa.';
  const hint = h('p', { id: hintId, class: 'hint' }, hintText);
  // the day in words, for checking at a glance (polite: it is read when the day is complete)
  const say = h('p', { id: sayId, class: 'date-say', 'aria-live': 'polite' });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });

  const startInput = o.time ? timeInput(`${id}-start`, `${o.name}-start`, o.start) : null;
  const endInput = o.time === 'slot' ? timeInput(`${id}-end`, `${o.name}-end`, o.end) : null;

  let root: HTMLElement;
  if (!grouped) {
    root = h('div', { class: 'field date-field' },
      h('label', { for: id, class: 'label' }, o.label, optional), hint, input, say, error);
  } else {
    const parts = h('div', { class: 'date-parts' },
      h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, 'Jour'), input));
    if (startInput) {
      parts.append(h('div', { class: 'field' },
        h('label', { for: startInput.id, class: 'label' }, o.time === 'slot' ? 'De' : 'Heure'), startInput));
    }
    if (endInput) parts.append(h('div', { class: 'field' }, h('label', { for: endInput.id, class: 'label' }, 'À'), endInput));
    root = h('fieldset', { class: 'field date-field date-group', 'aria-describedby': hintId },
      h('legend', { class: 'label' }, o.label, optional), hint, parts, say, error);
  }

  const controls = [input, startInput, endInput].filter((c): c is HTMLInputElement => c !== null);
  const describe = (withError: boolean) => {
    for (const c of controls) {
      const ids = [grouped ? '' : hintId, c === input ? sayId : '', withError ? errorId : ''].filter(Boolean).join(' ');
      if (ids) c.setAttribute('aria-describedby', ids); else c.removeAttribute('aria-describedby');
    }
  };
  describe(false);

  const updateSay = () => {
    const day = formatDay(input.value, { year: true });
    const slot = startInput && endInput ? (startInput.value && endInput.value
      ? `, de ${formatTime(startInput.value)} à ${formatTime(endInput.value)}` : '')
      : startInput?.value ? `, à ${formatTime(startInput.value)}` : '';
    say.textContent = day ? `C’est le ${day}${slot}.` : '';
  };
  updateSay();
  for (const c of controls) c.addEventListener('change', updateSay);
  input.addEventListener('input', updateSay);

  const api: DatePicker = {
    root, input, startInput, endInput,
    value: () => input.value,
    start: () => startInput?.value ?? '',
    end: () => endInput?.value ?? '',
    setValue(iso) { input.value = iso; updateSay(); },
    setError(message) {
      showFieldError({ root, input, error, describe }, message);
    },
    validate() {
      let problem = dateProblem(input.value, { required: o.required, min: o.min, max: o.max }, input.validity.badInput);
      if (!problem && startInput && endInput) problem = slotProblem(startInput.value, endInput.value, o.required);
      if (!problem && startInput && !endInput && o.required && !startInput.value) problem = 'Indiquez l’heure.';
      api.setError(problem);
      return problem === null;
    },
  };
  return api;
}
