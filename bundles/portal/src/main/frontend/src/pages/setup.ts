import type { App, PageFn } from '../app.js';
import type { SessionInfo } from '../types.js';
import { h, clear } from '../ui/dom.js';
import { alert, button, liveRegion, textField, withBusy } from '../ui/kit.js';
import { importFollower } from './console.js';
import { ldapSection } from './console-ldap.js';
import { updatesSection } from './console-updates.js';
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
    h('p', { class: 'step' }, stepLabel(1)),
    h('p', { class: 'lead' }, "Cette mise en service n'a lieu qu'une fois. Cette première étape crée le compte du référent numérique "
      + "de l'établissement ; les suivantes règlent l'annuaire et les mises à jour de l'académie."),
    form);
  const steps = new Steps();

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
        // the referent goes on at once with the annuaire and the updates, signed in with the password just chosen
        let session: SessionInfo | null = null;
        try {
          session = await app.api.post<SessionInfo>('auth/login', { login: 'referent', password: password.value() }, { authAttempt: true });
        } catch {
          session = null;
        }
        if (session) {
          app.setSession(session);
          app.loginHint = '';
          annuaireStep(app, card, steps);
        } else {
          app.loginHint = 'referent';
          signInLater(app, card);
        }
      } catch (err) {
        showProblem(errors, err);
      }
    });
  });
  return { title: 'Mise en service', node: card, layout: 'public', dispose: () => steps.leave() };
};

/** The steps of the set-up, as the page announces them. */
export const SETUP_STEPS = ['Le référent', "L'annuaire de l'académie", "Les mises à jour de l'académie"] as const;

export function stepLabel(n: number): string {
  return `Étape ${n} sur ${SETUP_STEPS.length} : ${SETUP_STEPS[n - 1]}`;
}

/** How the accounts will come: files imported from the console, the académie's LDAP, or a choice left for later. */
export type AnnuaireChoice = 'files' | 'ldap' | 'later';

/** Where « Terminer » leads: the import page when the referent chose files, else the console's home. */
export function finishTarget(choice: AnnuaireChoice): string {
  return choice === 'files' ? '#/console/imports' : '#/console';
}

/** The live parts of the current step (the updates section polls), stopped when the step or the page is left. */
class Steps {
  private stop: () => void = () => {};
  enter(stop: () => void): void {
    this.stop();
    this.stop = stop;
  }
  leave(): void {
    this.stop();
    this.stop = () => {};
  }
}

function stepHeader(card: HTMLElement, n: number, title: string, lead: string): void {
  clear(card);
  card.append(h('h1', { tabindex: '-1' }, title), h('p', { class: 'step' }, stepLabel(n)), h('p', { class: 'lead' }, lead));
}

function focusTitle(card: HTMLElement): void {
  card.querySelector<HTMLElement>('h1')?.focus();
}

/** Step 2: where the accounts come from; the LDAP settings with « Tester la connexion » when that is the choice. */
function annuaireStep(app: App, card: HTMLElement, steps: Steps): void {
  stepHeader(card, 2, "D'où viennent les comptes ?", 'Préau est en service et vous êtes connecté comme référent numérique (referent). '
    + "Les comptes des élèves, des parents et des personnels viennent de l'annuaire de l'académie. Choisissez comment Préau le reçoit ; "
    + 'vous pourrez changer d’avis dans la console (« Import de l’annuaire »).');
  const name = 'setup-annuaire';
  const choice = (value: AnnuaireChoice, label: string, hint: string, checked = false) => {
    const id = `${name}-${value}`;
    const input = h('input', { type: 'radio', name, id, value, checked, 'aria-describedby': `${id}-hint` });
    return { input, root: h('div', { class: 'choice' }, input,
      h('div', {}, h('label', { for: id }, label), h('p', { class: 'hint', id: `${id}-hint` }, hint))) };
  };
  const files = choice('files', 'Par fichiers : les exports AAF (ou ONDE pour une école)',
    "Vous déposerez les fichiers reçus de l'académie (ou exportés d'ONDE) juste après cette mise en service.", true);
  const ldap = choice('ldap', "Par l'annuaire LDAP de l'académie",
    "Préau se connecte à l'annuaire et le recopie régulièrement. L'académie vous donne l'adresse du serveur et un compte de lecture.");
  const later = choice('later', 'Je choisirai plus tard', 'Seul votre compte existe en attendant.');
  const fieldset = h('fieldset', { class: 'choices' }, h('legend', { class: 'label' }, "Source de l'annuaire"),
    files.root, ldap.root, later.root);

  const ldapPart = h('div', { hidden: true });
  let ldapShown = false;
  const ldapStatus = liveRegion('polite');
  const ldapProgress = h('div', { class: 'progress-list' });
  const follower = importFollower(app, ldapProgress, ldapStatus);
  steps.enter(() => follower.dispose());
  const selected = (): AnnuaireChoice => (ldap.input.checked ? 'ldap' : later.input.checked ? 'later' : 'files');
  const show = () => {
    ldapPart.hidden = selected() !== 'ldap';
    if (!ldapPart.hidden && !ldapShown) {
      ldapShown = true;
      const section = ldapSection(app, (id, onEnd) => follower.follow(id, onEnd), () => {});
      section.append(ldapStatus.root, ldapProgress);
      ldapPart.append(section);
    }
  };
  for (const c of [files, ldap, later]) c.input.addEventListener('change', show);

  const next = button('Continuer', { icon: 'arrow-right', onClick: () => updatesStep(app, card, steps, selected()) });
  card.append(fieldset, ldapPart, h('div', { class: 'actions' }, next));
  focusTitle(card);
}

/** Step 3: the académie's update channel (address, public key, channel), or later from the console. */
function updatesStep(app: App, card: HTMLElement, steps: Steps, choice: AnnuaireChoice): void {
  stepHeader(card, 3, "Les mises à jour de l'académie", "L'académie publie les mises à jour de Préau sur un canal signé. "
    + 'Indiquez son adresse et sa clé publique (l’académie vous les donne), puis « Enregistrer ». Sans elles, Préau ne reçoit aucune '
    + 'mise à jour : vous pourrez les indiquer plus tard dans la console (« Mises à jour »).');
  const updates = updatesSection(app);
  steps.enter(updates.dispose);
  const finish = button(choice === 'files' ? 'Terminer et importer les fichiers' : 'Terminer', {
    icon: 'circle-check',
    onClick: () => {
      steps.leave();
      app.go(finishTarget(choice));
    },
  });
  card.append(updates.node, h('div', { class: 'actions' }, finish));
  focusTitle(card);
}

/** When signing in after the set-up failed (throttled, say): the referent signs in and finds the next steps in the console. */
function signInLater(app: App, card: HTMLElement): void {
  const go = button('Aller à la connexion', { icon: 'key-round', onClick: () => app.go('#/login') });
  clear(card);
  card.append(
    h('h1', { tabindex: '-1' }, 'Préau est en service'),
    alert('success', h('p', {}, 'Votre identifiant de référent numérique est ', h('strong', { class: 'code' }, 'referent'),
      '. Connectez-vous avec cet identifiant et le mot de passe que vous venez de choisir.')),
    h('p', {}, 'Ensuite, dans la console :'),
    h('ol', {},
      h('li', {}, 'importez l’annuaire de l’académie (« Import de l’annuaire » : fichiers AAF, ou synchronisation LDAP) ;'),
      h('li', {}, 'réglez le canal de mises à jour de l’académie (« Mises à jour » : son adresse et sa clé publique) ;'),
      h('li', {}, 'installez le certificat HTTPS de l’établissement (« État de la box ») et les services voulus (« Modules »).')),
    h('div', { class: 'actions' }, go));
  focusTitle(card);
}
