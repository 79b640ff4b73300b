/** What labelled fields of the kit share. */
import { h } from './dom.js';
import { icon } from './icons.js';

/** The parts of a labelled field that show its error message. */
export interface FieldErrorParts {
  root: HTMLElement;
  input: HTMLElement;
  error: HTMLElement;
  /** Points the input's aria-describedby at the error (true) or only at the hint (false). */
  describe: (withError: boolean) => void;
}

/** Shows a field's error under it (icon + text, aria-invalid) or, with null/empty, clears it. */
export function showFieldError(f: FieldErrorParts, message: string | null | undefined): void {
  if (message) {
    f.error.textContent = '';
    f.error.append(icon('circle-alert', 16), h('span', {}, message));
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
    f.root.classList.add('has-error');
    f.describe(true);
  } else {
    f.error.hidden = true;
    f.error.textContent = '';
    f.input.removeAttribute('aria-invalid');
    f.root.classList.remove('has-error');
    f.describe(false);
  }
}
