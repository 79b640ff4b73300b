/** Helpers shared by the forms: policy hint, required checks, error display. */
import type { App } from '../app.js';
import { ProblemError } from '../api.js';
import type { LiveRegion, TextField } from '../ui/kit.js';

export const DEFAULT_POLICY = "Choisissez un mot de passe long (une phrase de plusieurs mots, par exemple) que vous n'utilisez nulle part ailleurs.";

/** Puts the password policy (GET /auth/policy) in the field's hint once it arrives. */
export function loadPolicy(app: App, ...fields: TextField[]): void {
  const hints = fields.map((f) => f.root.querySelector<HTMLElement>('.hint')).filter((x): x is HTMLElement => !!x);
  app.api.get<{ policy?: string }>('auth/policy', { authAttempt: true })
    .then((body) => {
      const text = typeof body?.policy === 'string' && body.policy.trim() ? body.policy.trim() : DEFAULT_POLICY;
      for (const h of hints) h.textContent = text;
    })
    .catch(() => { for (const h of hints) h.textContent = DEFAULT_POLICY; });
}

/** Checks required fields; shows an error on each empty one and focuses the first. */
export function requireFilled(checks: Array<[TextField, string]>): boolean {
  let first: TextField | null = null;
  for (const [field, message] of checks) {
    if (!field.value().trim()) {
      field.setError(message);
      first ??= field;
    } else {
      field.setError(null);
    }
  }
  first?.input.focus();
  return first === null;
}

export function confirmMatches(password: TextField, confirm: TextField): boolean {
  if (confirm.value() !== password.value()) {
    confirm.setError('Les deux mots de passe ne sont pas identiques. Saisissez-les à nouveau.');
    confirm.input.focus();
    return false;
  }
  confirm.setError(null);
  return true;
}

/** Shows a failed call's French title in the form's live region. */
export function showProblem(region: LiveRegion, e: unknown): void {
  if (e instanceof ProblemError) region.show('error', e.title);
  else region.show('error', "Une erreur inattendue s'est produite. Rechargez la page puis réessayez.");
}
