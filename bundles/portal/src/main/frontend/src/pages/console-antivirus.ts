/**
 * The antivirus in « État de la box » (referent, while the files module is installed): whether the box has every
 * upload scanned by clamd, at which address, and clamd's version; the referent sets or changes the address (the box
 * tries it first and keeps the old one when clamd does not answer there) or turns it off.
 */
import type { App } from '../app.js';
import { ProblemError } from '../api.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
import { toast } from '../ui/toast.js';
import { showProblem } from './forms.js';

export interface AntivirusDto { actif: boolean; adresse: string | null; version: string | null }

/** What the referent reads about the antivirus. */
export function antivirusText(a: AntivirusDto): string {
  if (!a.actif) return 'Aucun antivirus : les fichiers déposés ne sont pas analysés.';
  return `Chaque fichier déposé est analysé par clamd (${a.adresse ?? ''})${a.version ? ` — ${a.version}` : ''}.`;
}

/** The section, or nothing when the files module is not installed. */
export function antivirusSection(app: App): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(2));
  const section = h('section', { class: 'panel', 'aria-labelledby': 'antivirus-title' },
    h('h3', { id: 'antivirus-title', class: 'panel-title' }, icon('shield-check', 20), h('span', {}, 'Antivirus des documents')),
    status.root, body);

  const address = textField({ label: 'Adresse de clamd', name: 'antivirus-address', required: false, maxlength: 255, autocomplete: 'off',
    hint: 'Le chemin de sa socket (par exemple /run/clamav/clamd.ctl) ou hôte:port. Laissez vide pour ne plus analyser les fichiers.' });
  const save = button('Enregistrer et tester', { icon: 'shield-check', type: 'submit' });
  const formStatus = liveRegion('assertive');
  const form = h('form', { class: 'stack', novalidate: true }, address.root, h('div', { class: 'actions' }, save), formStatus.root);

  const render = (a: AntivirusDto) => {
    clear(body);
    body.append(h('p', {}, antivirusText(a)));
    address.input.value = a.adresse ?? '';
    body.append(form);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void withBusy(save, 'Test de clamd…', async () => {
      formStatus.clear();
      try {
        const a = await app.api.put<AntivirusDto>('files/antivirus', { adresse: address.input.value.trim() });
        render(a);
        toast('success', a.actif ? 'Antivirus enregistré : clamd a répondu, chaque fichier déposé est analysé dès maintenant.'
          : 'Antivirus coupé : les fichiers déposés ne sont plus analysés.');
      } catch (e) {
        showProblem(formStatus, e);
      }
    });
  });

  void (async () => {
    try {
      render(await app.api.get<AntivirusDto>('files/antivirus'));
    } catch (e) {
      if (e instanceof ProblemError && e.status === 404) {
        section.remove(); // the files module is not installed
        return;
      }
      clear(body);
      if (e instanceof ProblemError && e.status === 503) {
        // set, but clamd does not answer: say so and offer to change it
        body.append(alert('error', e.title, 'L’antivirus ne répond pas'), form);
      } else {
        showProblem(status, e);
      }
    }
  })();
  return section;
}
