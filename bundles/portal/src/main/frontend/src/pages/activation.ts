import type { PageFn } from '../app.js';
import type { SessionInfo } from '../types.js';
import { h } from '../ui/dom.js';
import { button, liveRegion, textField, withBusy } from '../ui/kit.js';
import { confirmMatches, loadPolicy, requireFilled, showProblem } from './forms.js';

export const activationPage: PageFn = (app) => {
  const login = textField({
    label: 'Identifiant', name: 'login', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: false, hint: 'Il figure sur le courrier remis par l’établissement.',
  });
  const code = textField({
    label: "Code d'activation", name: 'code', autocomplete: 'one-time-code', required: true,
    autocapitalize: 'characters', spellcheck: false, hint: 'Recopiez le code imprimé sur le même courrier.',
  });
  const password = textField({
    label: 'Nouveau mot de passe', name: 'newPassword', type: 'password', autocomplete: 'new-password',
    required: true, hint: 'Chargement des règles du mot de passe…',
  });
  const confirm = textField({
    label: 'Confirmez le nouveau mot de passe', name: 'confirm', type: 'password', autocomplete: 'new-password', required: true,
  });
  loadPolicy(app, password);
  const errors = liveRegion('assertive');
  const submit = button('Activer mon compte', { type: 'submit', icon: 'circle-check' });
  const form = h('form', { class: 'form', novalidate: true },
    login.root, code.root, password.root, confirm.root, errors.root, h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    errors.clear();
    if (!requireFilled([
      [login, 'Indiquez votre identifiant.'],
      [code, "Indiquez le code d'activation."],
      [password, 'Choisissez un nouveau mot de passe.'],
      [confirm, 'Saisissez une seconde fois le nouveau mot de passe.'],
    ])) return;
    if (!confirmMatches(password, confirm)) return;
    void withBusy(submit, 'Activation…', async () => {
      try {
        const info = await app.api.post<SessionInfo>('auth/activate', {
          login: login.value().trim(), code: code.value().trim(), newPassword: password.value(),
        }, { authAttempt: true });
        app.setSession(info);
        app.setFlash('success', 'Votre mot de passe est enregistré. Bienvenue sur Préau !');
        app.go('#/');
      } catch (err) {
        showProblem(errors, err);
      }
    });
  });

  const node = h('div', { class: 'card' },
    h('h1', { tabindex: '-1' }, 'Première connexion'),
    h('p', { class: 'lead' }, "Munissez-vous du courrier remis par l'établissement. Vous allez choisir votre mot de passe."),
    form,
    h('p', { class: 'aside-link' }, h('a', { href: '#/login' }, "J'ai déjà un mot de passe : me connecter")));
  return { title: 'Première connexion', node, layout: 'public' };
};
