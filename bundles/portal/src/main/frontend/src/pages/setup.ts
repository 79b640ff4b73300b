import type { PageFn } from '../app.js';
import { h, clear } from '../ui/dom.js';
import { alert, button, liveRegion, textField, withBusy } from '../ui/kit.js';
import { confirmMatches, loadPolicy, requireFilled, showProblem } from './forms.js';

export const UAI_PATTERN = /^(\d{7}|\d2[AB]\d{4}|2[AB]\d{5})[A-Z]$/;
/** The box's rule for a mail domain (fr.preau.directory.MailDomains), checked again by the box. */
export const MAIL_DOMAIN_PATTERN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const setupPage: PageFn = (app) => {
  const token = textField({
    label: 'Code de mise en service', name: 'token', required: true, autocomplete: 'off', spellcheck: false,
    autocapitalize: 'characters', hint: "Il s'affiche sur l'écran (la console) du boîtier Préau.",
  });
  const uai = textField({
    label: "Code UAI de l'établissement", name: 'uai', required: true, autocomplete: 'off', spellcheck: false,
    autocapitalize: 'characters', maxlength: 8, hint: '7 chiffres suivis d’une lettre, par exemple 0999999Z.',
  });
  const name = textField({
    label: "Nom de l'établissement", name: 'schoolName', required: true, autocomplete: 'organization',
    hint: 'Tel qu’il doit apparaître en haut des pages, par exemple « Collège Jean Moulin ».', maxlength: 120,
  });
  const domain = textField({
    label: "Domaine de messagerie de l'établissement", name: 'mailDomain', required: false, autocomplete: 'off',
    spellcheck: false, autocapitalize: 'none', maxlength: 253,
    hint: 'Celui des adresses des personnes, par exemple clg-moulin.ac-exemple.fr. Vous pourrez le donner plus tard dans la console.',
  });
  const password = textField({
    label: 'Mot de passe du référent numérique', name: 'referentPassword', type: 'password',
    autocomplete: 'new-password', required: true, hint: 'Chargement des règles du mot de passe…',
  });
  const confirm = textField({
    label: 'Confirmez le mot de passe', name: 'confirm', type: 'password', autocomplete: 'new-password', required: true,
  });
  loadPolicy(app, password);
  const errors = liveRegion('assertive');
  const submit = button('Mettre Préau en service', { type: 'submit', icon: 'circle-check' });
  const form = h('form', { class: 'form', novalidate: true },
    token.root, uai.root, name.root, domain.root, password.root, confirm.root, errors.root, h('div', { class: 'actions' }, submit));

  const card = h('div', { class: 'card' },
    h('h1', { tabindex: '-1' }, 'Mise en service de Préau'),
    h('p', { class: 'lead' }, "Cette étape n'a lieu qu'une fois. Elle crée le compte du référent numérique de l'établissement."),
    form);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    errors.clear();
    if (!requireFilled([
      [token, 'Indiquez le code de mise en service.'],
      [uai, 'Indiquez le code UAI, par exemple 0999999Z.'],
      [name, "Indiquez le nom de l'établissement."],
      [password, 'Choisissez le mot de passe du référent.'],
      [confirm, 'Saisissez une seconde fois le mot de passe.'],
    ])) return;
    const uaiValue = uai.value().trim().toUpperCase();
    if (!UAI_PATTERN.test(uaiValue)) {
      uai.setError('Ce code UAI ne semble pas valable : il compte 7 chiffres suivis d’une lettre, par exemple 0999999Z.');
      uai.input.focus();
      return;
    }
    const domainValue = domain.value().trim().toLowerCase();
    if (domainValue && !MAIL_DOMAIN_PATTERN.test(domainValue)) {
      domain.setError('Ce domaine ne semble pas valable : écrivez-le comme clg-moulin.ac-exemple.fr (lettres sans accent, chiffres, tirets, séparés par des points), ou laissez-le vide.');
      domain.input.focus();
      return;
    }
    if (!confirmMatches(password, confirm)) return;
    void withBusy(submit, 'Mise en service…', async () => {
      try {
        await app.api.post('setup', {
          token: token.value().trim(), uai: uaiValue, schoolName: name.value().trim(),
          mailDomain: domainValue || undefined, referentPassword: password.value(),
        }, { authAttempt: true });
        app.setupRequired = false;
        app.loginHint = 'referent';
        const go = button('Aller à la connexion', { icon: 'key-round', onClick: () => app.go('#/login') });
        clear(card);
        card.append(
          h('h1', { tabindex: '-1' }, 'Préau est en service'),
          alert('success', h('p', {}, 'Votre identifiant de référent numérique est ', h('strong', { class: 'code' }, 'referent'),
            '. Connectez-vous avec cet identifiant et le mot de passe que vous venez de choisir.')),
          h('p', {}, 'Ensuite, dans la console :'),
          h('ol', {},
            h('li', {}, 'importez l’annuaire de l’académie (« Import de l’annuaire » : fichiers AAF, ou synchronisation LDAP) ;'),
            h('li', {}, 'installez le certificat HTTPS de l’établissement (« État de la box ») ;'),
            h('li', {}, 'installez les services voulus (« Modules ») ;'),
            h('li', {}, 'réglez le canal de mises à jour de l’académie (« Mises à jour » : son adresse et sa clé publique).')),
          h('div', { class: 'actions' }, go));
        card.querySelector<HTMLElement>('h1')?.focus();
      } catch (err) {
        showProblem(errors, err);
      }
    });
  });
  return { title: 'Mise en service', node: card, layout: 'public' };
};
