import { applyDisplayPrefs, loadDisplayPrefs, type PageFn } from '../app.js';
import type { ProfileCode } from '../types.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { button, liveRegion, textField, withBusy } from '../ui/kit.js';
import { confirmMatches, loadPolicy, requireFilled, showProblem } from './forms.js';

export const PROFILE_LABELS: Record<ProfileCode, string> = {
  ELEVE: 'Élève',
  PARENT: 'Responsable légal',
  ENSEIGNANT: 'Enseignant',
  DIRECTION: 'Direction',
  PERSONNEL: 'Personnel',
  REFERENT: 'Référent numérique',
  INVITE: 'Invité',
};

export const profilePage: PageFn = (app) => {
  const person = app.session!.person;

  const current = textField({ label: 'Mot de passe actuel', name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true });
  const next = textField({ label: 'Nouveau mot de passe', name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true, hint: 'Chargement des règles du mot de passe…' });
  const confirm = textField({ label: 'Confirmez le nouveau mot de passe', name: 'confirm', type: 'password', autocomplete: 'new-password', required: true });
  loadPolicy(app, next);
  const result = liveRegion('polite');
  const submit = button('Changer mon mot de passe', { type: 'submit', icon: 'key-round' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'pw-title' },
    current.root, next.root, confirm.root, result.root, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    result.clear();
    if (!requireFilled([
      [current, 'Indiquez votre mot de passe actuel.'],
      [next, 'Choisissez un nouveau mot de passe.'],
      [confirm, 'Saisissez une seconde fois le nouveau mot de passe.'],
    ])) return;
    if (!confirmMatches(next, confirm)) return;
    void withBusy(submit, 'Enregistrement…', async () => {
      try {
        await app.api.post('auth/password', { currentPassword: current.value(), newPassword: next.value() }, { authAttempt: true });
        form.reset();
        result.show('success', 'Votre mot de passe a été changé. Utilisez-le dès votre prochaine connexion.');
      } catch (err) {
        showProblem(result, err);
      }
    });
  });

  const prefs = loadDisplayPrefs();
  const toggle = (key: 'contrast' | 'large', label: string, hint: string) => {
    const id = `pref-${key}`;
    const input = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-hint` });
    input.checked = prefs[key];
    input.addEventListener('change', () => {
      prefs[key] = input.checked;
      applyDisplayPrefs(prefs, true);
    });
    return h('div', { class: 'check' }, input,
      h('div', {}, h('label', { for: id }, label), h('p', { class: 'hint', id: `${id}-hint` }, hint)));
  };

  const node = h('div', { class: 'profile' },
    h('h1', { tabindex: '-1' }, 'Mon compte'),
    h('section', { class: 'panel', 'aria-labelledby': 'me-title' },
      h('h2', { id: 'me-title' }, icon('user', 20), h('span', {}, 'Vos informations')),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Nom'), h('dd', {}, person.displayName),
        h('dt', {}, 'Identifiant'), h('dd', { class: 'code' }, person.login),
        h('dt', {}, person.profiles.length > 1 ? 'Profils' : 'Profil'),
        h('dd', {}, person.profiles.map((p) => PROFILE_LABELS[p] ?? p).join(', ')),
        h('dt', {}, 'Établissement'), h('dd', {}, `${person.school.name} (${person.school.uai})`)),
      h('p', { class: 'hint' }, "Une information est fausse ? Signalez-le au secrétariat ou au référent numérique de l'établissement.")),
    h('section', { class: 'panel', 'aria-labelledby': 'pw-title' },
      h('h2', { id: 'pw-title' }, icon('key-round', 20), h('span', {}, 'Changer mon mot de passe')),
      form),
    h('section', { class: 'panel', 'aria-labelledby': 'display-title' },
      h('h2', { id: 'display-title' }, icon('eye', 20), h('span', {}, 'Affichage')),
      h('p', { class: 'hint' }, 'Ces réglages valent pour cet appareil.'),
      toggle('contrast', 'Contraste renforcé', 'Textes et bordures plus foncés.'),
      toggle('large', 'Texte plus grand', 'Agrandit les textes de toutes les pages.')),
    h('section', { class: 'panel', 'aria-labelledby': 'out-title' },
      h('h2', { id: 'out-title' }, icon('log-out', 20), h('span', {}, 'Quitter Préau')),
      h('p', { class: 'hint' }, 'Sur un ordinateur partagé, déconnectez-vous toujours en partant.'),
      button('Se déconnecter', { variant: 'secondary', icon: 'log-out', onClick: () => { void app.logout(); } })));
  return { title: 'Mon compte', node, layout: 'signed-in' };
};
