import type { PageFn } from '../app.js';
import type { SessionInfo } from '../types.js';
import { h } from '../ui/dom.js';
import { alert, button, liveRegion, textField, withBusy } from '../ui/kit.js';
import { requireFilled, showProblem } from './forms.js';

export const loginPage: PageFn = (app) => {
  const flash = app.takeFlash();
  const login = textField({
    label: 'Identifiant', name: 'login', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: false, value: app.loginHint,
  });
  const password = textField({ label: 'Mot de passe', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const errors = liveRegion('assertive');
  const submit = button('Se connecter', { type: 'submit', icon: 'key-round' });
  const form = h('form', { class: 'form', novalidate: true }, login.root, password.root, errors.root, h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    errors.clear();
    if (!requireFilled([[login, 'Indiquez votre identifiant.'], [password, 'Indiquez votre mot de passe.']])) return;
    void withBusy(submit, 'Connexion…', async () => {
      try {
        const info = await app.api.post<SessionInfo>('auth/login',
          { login: login.value().trim(), password: password.value() }, { authAttempt: true });
        app.setSession(info);
        app.loginHint = '';
        const target = app.returnTo ?? '#/';
        app.returnTo = null;
        app.go(target);
      } catch (err) {
        password.input.value = '';
        showProblem(errors, err);
        password.input.focus();
      }
    });
  });

  // the schools' logos, when the referent has put some (loaded at start-up, so nothing shifts)
  const items = (app.logos ?? []).slice(0, 4);
  const logos = items.length === 0 ? null : h('div', { class: 'login-logos' },
    ...items.map((l) => h('img', { class: 'school-logo', src: l.logo, alt: `Logo : ${l.name}`, height: 56 })));
  const node = h('div', { class: 'card' },
    logos,
    h('h1', { tabindex: '-1' }, 'Connexion'),
    h('p', { class: 'lead' }, "Connectez-vous avec l'identifiant et le mot de passe que vous a donnés l'établissement."),
    flash ? h('div', { role: flash.kind === 'warning' ? 'alert' : 'status' }, alert(flash.kind, flash.message, flash.title)) : null,
    form,
    h('p', { class: 'aside-link' },
      h('a', { href: '#/activation' }, "Première connexion ? J'ai un code d'activation"), h('br', {}),
      h('a', { href: '#/mot-de-passe-oublie' }, 'Mot de passe oublié ?')));
  queueMicrotask(() => { if (app.loginHint && !flash) password.input.focus(); });
  return { title: 'Connexion', node, layout: 'public' };
};

/** Forgotten password: the request goes to the referent, who has a new letter handed over (no e-mail). */
export const forgottenPage: PageFn = (app) => {
  const login = textField({
    label: 'Identifiant', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false,
    hint: 'Il est écrit sur votre lettre de connexion, par exemple lea.martin.',
  });
  const result = liveRegion('polite');
  const submit = button('Prévenir le référent', { type: 'submit', icon: 'key-round' });
  const form = h('form', { class: 'form', novalidate: true }, login.root, result.root, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    result.clear();
    if (!requireFilled([[login, 'Indiquez votre identifiant.']])) return;
    void withBusy(submit, 'Envoi…', async () => {
      try {
        const answer = await app.api.post<{ message: string }>('password-requests', { login: login.value().trim() }, { authAttempt: true });
        form.reset();
        result.show('success', answer.message);
      } catch (err) {
        showProblem(result, err);
      }
    });
  });
  const node = h('div', { class: 'card' },
    h('h1', { tabindex: '-1' }, 'Mot de passe oublié'),
    h('p', { class: 'lead' }, 'Pas de courriel à attendre : le référent numérique de l’établissement vous fera remettre une '
      + 'nouvelle lettre de connexion, avec un nouveau code.'),
    form,
    h('p', { class: 'aside-link' }, h('a', { href: '#/login' }, 'Revenir à la connexion')));
  return { title: 'Mot de passe oublié', node, layout: 'public' };
};
