import { loadDisplayPrefs, type App, type PageFn } from '../app.js';
import { ProblemError } from '../api.js';
import { avatarBadge } from '../layout.js';
import { avatarProblem } from '../personal.js';
import type { OwnProfile, ProfileCode } from '../types.js';
import { h, clear, type Child } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
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
  const prefsResult = liveRegion('polite');
  const toggle = (key: 'contrast' | 'large', label: string, hint: string) => {
    const id = `pref-${key}`;
    const input = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-hint` });
    input.checked = prefs[key];
    input.addEventListener('change', () => {
      prefs[key] = input.checked;
      app.saveDisplayPrefs({ ...prefs })
        .then(() => prefsResult.show('success', 'Réglage enregistré. Il vous suit sur tous les appareils où vous vous connectez.'))
        .catch((err: unknown) => prefsResult.show('warning', err instanceof ProblemError
          ? `${err.title} Le réglage vaut pour cet appareil.`
          : 'Le réglage vaut pour cet appareil, mais n’a pas pu être enregistré sur Préau.'));
    });
    return h('div', { class: 'check' }, input,
      h('div', {}, h('label', { for: id }, label), h('p', { class: 'hint', id: `${id}-hint` }, hint)));
  };

  const photo = photoSection(app);
  const node = h('div', { class: 'profile' },
    h('h1', { tabindex: '-1' }, 'Mon compte'),
    photo.node,
    factsSection(app),
    h('section', { class: 'panel', 'aria-labelledby': 'pw-title' },
      h('h2', { id: 'pw-title' }, icon('key-round', 20), h('span', {}, 'Changer mon mot de passe')),
      form),
    h('section', { class: 'panel', 'aria-labelledby': 'display-title' },
      h('h2', { id: 'display-title' }, icon('eye', 20), h('span', {}, 'Affichage')),
      h('p', { class: 'hint' }, 'Ces réglages vous suivent sur tous les appareils où vous vous connectez.'),
      toggle('contrast', 'Contraste renforcé', 'Textes et bordures plus foncés.'),
      toggle('large', 'Texte plus grand', 'Agrandit les textes de toutes les pages.'),
      prefsResult.root),
    h('section', { class: 'panel', 'aria-labelledby': 'out-title' },
      h('h2', { id: 'out-title' }, icon('log-out', 20), h('span', {}, 'Quitter Préau')),
      h('p', { class: 'hint' }, 'Sur un ordinateur partagé, déconnectez-vous toujours en partant.'),
      button('Se déconnecter', { variant: 'secondary', icon: 'log-out', onClick: () => { void app.logout(); } })));
  return { title: 'Mon compte', node, layout: 'signed-in', dispose: photo.dispose };
};

/** A term and its value(s); several values become a list. Nothing when there is no value. */
function fact(term: string, values: Child | string[]): Node[] {
  if (Array.isArray(values)) {
    if (!values.length) return [];
    return [h('dt', {}, term), h('dd', {}, values.length === 1 ? values[0]! : h('ul', {}, ...values.map((v) => h('li', {}, v))))];
  }
  if (values === null || values === undefined || values === '') return [];
  return [h('dt', {}, term), h('dd', {}, values)];
}

function factsList(p: OwnProfile): HTMLDListElement {
  const profiles = p.profiles.map((x) => x.label || PROFILE_LABELS[x.code] || x.code);
  const teachings = p.teachings.map((t) => (t.subject ? `${t.subject} en ${t.division}` : t.division));
  const children = p.children.map((c) => `${c.displayName}${c.classes.length ? ` (${c.classes.join(', ')})` : ''}, ${c.school.name}`);
  return h('dl', { class: 'facts' },
    ...fact('Prénom', p.firstName ?? ''),
    ...fact('Nom', p.lastName ?? (p.firstName ? '' : p.displayName)),
    ...fact('Identifiant', h('span', { class: 'code' }, p.login)),
    ...fact(profiles.length > 1 ? 'Profils' : 'Profil', profiles.join(', ')),
    ...fact('Établissement', `${p.school.name} (${p.school.uai})`),
    ...fact('Adresse de messagerie', p.mail ? h('span', { class: 'code' }, p.mail) : ''),
    ...fact(p.classes.length > 1 ? 'Classes' : 'Classe', p.classes),
    ...fact(p.groups.length > 1 ? 'Groupes' : 'Groupe', p.groups),
    ...fact('Enseignements', teachings),
    ...fact(p.children.length > 1 ? 'Enfants' : 'Enfant', children));
}

function factsSection(app: App): HTMLElement {
  const body = h('div', { 'aria-busy': 'true' }, skeleton(4));
  app.loadProfile(true)
    .then((p) => {
      clear(body);
      body.removeAttribute('aria-busy');
      body.append(factsList(p));
    })
    .catch((err: unknown) => {
      clear(body);
      body.removeAttribute('aria-busy');
      body.append(alert('error', err instanceof ProblemError ? err.title : 'Vos informations ne se sont pas chargées. Réessayez.'));
    });
  return h('section', { class: 'panel', 'aria-labelledby': 'me-title' },
    h('h2', { id: 'me-title' }, icon('user', 20), h('span', {}, 'Vos informations')),
    h('p', { class: 'hint' }, 'Telles que l’annuaire de l’établissement les connaît.'),
    body,
    h('p', { class: 'hint' }, "Une information est fausse ? Signalez-le au secrétariat ou au référent numérique de l'établissement."));
}

function photoSection(app: App): { node: HTMLElement; dispose: () => void } {
  const person = app.session!.person;
  const picture = h('div', { class: 'photo-now' });
  const result = liveRegion('polite');
  const inputId = 'photo-file';
  const input = h('input', { type: 'file', id: inputId, name: 'photo', class: 'file-input', accept: 'image/png,image/jpeg',
    'aria-describedby': 'photo-hint' });
  const send = button('Enregistrer la photo', { icon: 'upload' });
  const remove = button('Retirer ma photo', { variant: 'secondary', icon: 'trash' });
  const render = (url: string | null) => {
    clear(picture);
    picture.append(url
      ? h('img', { class: 'avatar avatar-large', src: url, alt: `Votre photo, ${person.displayName}`, width: 96, height: 96 })
      : h('span', { class: 'avatar avatar-large avatar-initials', role: 'img', 'aria-label': 'Pas encore de photo : vos initiales la remplacent' },
        avatarBadge(person.displayName, null).textContent ?? ''));
    remove.hidden = !url;
  };
  render(app.profile?.avatar ?? null);
  const off = app.onProfile((p) => render(p.avatar));

  send.addEventListener('click', () => {
    result.clear();
    const file = input.files?.[0];
    if (!file) {
      result.show('error', 'Choisissez d’abord une photo sur votre appareil.');
      input.focus();
      return;
    }
    const problem = avatarProblem(file);
    if (problem) {
      result.show('error', problem);
      input.focus();
      return;
    }
    void withBusy(send, 'Envoi…', async () => {
      try {
        const type = file.type || (/\.png$/i.test(file.name) ? 'image/png' : 'image/jpeg');
        const answer = await app.api.upload<{ avatar: string }>('avatars/me', new Blob([file], { type }));
        input.value = '';
        if (app.profile) app.setProfile({ ...app.profile, avatar: answer.avatar });
        result.show('success', 'Votre photo est enregistrée.');
      } catch (err) {
        result.show('error', err instanceof ProblemError ? err.title : 'La photo n’a pas pu être envoyée. Réessayez.');
      }
    });
  });
  remove.addEventListener('click', () => {
    void confirmDialog({ title: 'Retirer votre photo ?', message: 'Vos initiales la remplaceront. Vous pourrez en mettre une autre quand vous voudrez.',
      confirmLabel: 'Retirer la photo', danger: true }).then(async (yes) => {
      if (!yes) return;
      try {
        await app.api.delete('avatars/me');
        if (app.profile) app.setProfile({ ...app.profile, avatar: null });
        result.show('success', 'Votre photo est retirée.');
        input.focus();
      } catch (err) {
        result.show('error', err instanceof ProblemError ? err.title : 'La photo n’a pas pu être retirée. Réessayez.');
      }
    });
  });

  const section = h('section', { class: 'panel', 'aria-labelledby': 'photo-title' },
    h('h2', { id: 'photo-title' }, icon('camera', 20), h('span', {}, 'Votre photo')),
    h('div', { class: 'profile-photo' }, picture,
      h('div', { class: 'photo-actions' },
        h('div', { class: 'field' },
          h('label', { for: inputId, class: 'label' }, 'Choisir une photo'),
          h('p', { class: 'hint', id: 'photo-hint' }, 'Format PNG ou JPEG, 1 Mo au maximum. Elle est recadrée en carré.'),
          input),
        h('div', { class: 'actions' }, send, remove))),
    result.root);
  return { node: section, dispose: off };
}
