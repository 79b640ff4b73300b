/**
 * The console's account detail (identity, classes, links, state; deactivate, reactivate, guest
 * end date), the guest account form and the « État de la box » tab. The direction reads, the
 * referent acts; the box checks every call again.
 */
import type { App } from '../app.js';
import { ProblemError } from '../api.js';
import { formatDay, plural, toIsoDate } from '../format.js';
import type { ProfileCode } from '../types.js';
import { datePicker } from '../ui/datepicker.js';
import { dialog } from '../ui/dialog.js';
import { h, clear } from '../ui/dom.js';
import { formatSize } from '../ui/file-rules.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, emptyState, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
import { toast } from '../ui/toast.js';
import { antivirusSection } from './console-antivirus.js';
import { certificateSection } from './console-certificate.js';
import { showProblem } from './forms.js';
import { PROFILE_LABELS } from './profile.js';
import { IMPORT_STATUS_LABELS, STATE_LABELS, confirmUnlock, countsText, downloadPost, stateBadge, type AccountState } from './console.js';

interface DivisionDto { id: string; kind: 'CLASSE' | 'GROUPE'; code: string; label: string }
interface LinkDto { id: string; login: string; displayName: string; active: boolean; kind: string; legal: boolean; classes: string[] }
export interface AccountDetail {
  id: string; login: string; displayName: string; firstName: string; lastName: string; profiles: ProfileCode[];
  schools: Array<{ uai: string; name: string }>; state: AccountState; deactivatedAt: string | null;
  deactivatedBy: 'ANNUAIRE' | 'REFERENT' | 'EXPIRED' | null; lockedUntil: string | null; activationPending: boolean;
  hasPassword: boolean; lastLogin: string | null; email: string | null; mailAddress: string | null; source: string | null;
  guestUntil: string | null; createdAt: string | null; classes: DivisionDto[]; groups: DivisionDto[];
  teachings: Array<{ division: DivisionDto; subject: string | null }>; responsables: LinkDto[]; children: LinkDto[];
  self: boolean; manageable: boolean;
}

/** How a responsable is linked to a pupil, seen from the pupil's side. */
export const LINK_KINDS: Record<string, string> = {
  MERE: 'mère', PERE: 'père', TUTEUR: 'tuteur ou tutrice', ASE: 'aide sociale à l’enfance', FAMILLE: 'membre de la famille',
  AUTRE: 'autre lien',
};

function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${formatDay(d, { year: true })} à ${d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' }).replace(':', ' h ')}`;
}

/** One sentence that says what the person can do now, for the top of the detail. */
export function stateSentence(d: Pick<AccountDetail, 'state' | 'deactivatedAt' | 'deactivatedBy' | 'lockedUntil' | 'guestUntil'>): string {
  switch (d.state) {
    case 'ACTIVE':
      return 'Ce compte est actif : la personne se connecte avec son mot de passe.';
    case 'PENDING':
      return 'Ce compte attend sa première connexion : la personne a besoin de sa lettre de première connexion.';
    case 'LOCKED':
      return `Ce compte est bloqué après trop d’essais de mot de passe${d.lockedUntil ? `, jusqu’au ${when(d.lockedUntil)}` : ''}. `
        + 'Vous pouvez le débloquer.';
    case 'DEACTIVATED': {
      const since = d.deactivatedAt ? ` depuis le ${when(d.deactivatedAt)}` : '';
      const why = d.deactivatedBy === 'REFERENT' ? ' par le référent numérique'
        : d.deactivatedBy === 'ANNUAIRE' ? ' : la personne n’est plus dans l’annuaire de l’académie'
          : d.deactivatedBy === 'EXPIRED' ? ` : son invitation s’est terminée${d.guestUntil ? ` le ${formatDay(d.guestUntil, { year: true })}` : ''}` : '';
      return `Ce compte est désactivé${since}${why}. La personne ne peut plus se connecter.`;
    }
  }
}

/** « 3 jours et 4 heures », « 2 heures et 5 minutes », « 12 minutes ». */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return hours > 0 ? `${plural(days, 'jour', 'jours')} et ${plural(hours, 'heure', 'heures')}` : plural(days, 'jour', 'jours');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'heure', 'heures')} et ${plural(minutes, 'minute', 'minutes')}` : plural(hours, 'heure', 'heures');
  return minutes > 0 ? plural(minutes, 'minute', 'minutes') : 'moins d’une minute';
}

/** The last day a guest may be given: a year from today. */
export function guestMaxDay(today: Date = new Date()): string {
  const d = new Date(today);
  d.setFullYear(d.getFullYear() + 1);
  return toIsoDate(d);
}

function facts(...pairs: Array<[string, string | Node | null | undefined]>): HTMLDListElement {
  const dl = h('dl', { class: 'facts' });
  for (const [term, value] of pairs) {
    // the box leaves out what it does not know (null fields are not sent)
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('dt', {}, term), h('dd', {}, value));
  }
  return dl;
}

function panel(id: string, iconName: string, title: string, ...children: Array<Node | null>): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h3', { id, class: 'panel-title' }, icon(iconName, 20), h('span', {}, title)), ...children);
}

function personLink(l: LinkDto): HTMLAnchorElement {
  return h('a', { href: `#/console/comptes/${encodeURIComponent(l.login)}` }, l.displayName);
}

/** A message to show once on the next detail page (after a guest was created). */
let flash: { login: string; text: string } | null = null;

// ------------------------------------------------------------------------------------------- detail

export function accountDetail(app: App, login: string, referent: boolean): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(6));
  const root = h('div', { class: 'account-detail' },
    h('p', {}, h('a', { href: '#/console/comptes', class: 'back-link' }, icon('arrow-left', 18), h('span', {}, 'Retour à la liste des comptes'))),
    status.root, body);

  /** A code just issued, for the next display only. */
  let codeShown: { login: string; code: string } | null = null;

  const render = (d: AccountDetail) => {
    clear(body);
    const head = h('div', { class: 'detail-head' },
      h('h2', { id: 'detail-title', tabindex: '-1' }, d.displayName), stateBadge(d.state),
      d.profiles.includes('INVITE') && d.guestUntil ? h('span', { class: 'hint' }, `Invité jusqu’au ${formatDay(d.guestUntil, { year: true })}`) : null);
    const sentence = alert(d.state === 'ACTIVE' ? 'success' : d.state === 'DEACTIVATED' || d.state === 'LOCKED' ? 'warning' : 'info',
      stateSentence(d));
    if (flash && flash.login === d.login) {
      body.append(alert('success', flash.text, 'Compte invité créé'));
      flash = null;
    }
    body.append(head, sentence);
    if (codeShown && codeShown.login === d.login) {
      const given = codeShown.code;
      codeShown = null; // shown once: gone at the next display
      const shown = alert('success', h('span', {}, `Code d’activation de ${d.displayName} : `, h('strong', { class: 'code activation-code' }, given),
        '. Il n’est affiché qu’une fois : donnez-le à la personne avec son identifiant ', h('span', { class: 'code' }, d.login),
        ', sur la page « Première connexion ». Il remplace le code de la lettre précédente.'), 'Nouveau code d’activation');
      shown.classList.add('issued-code');
      shown.tabIndex = -1;
      body.append(shown);
    }

    // actions first on a phone: one screen, one main action
    const actions = h('div', { class: 'actions' });
    if (referent && d.manageable) {
      if (d.state !== 'DEACTIVATED') {
        const print = button('Imprimer une lettre de première connexion', { variant: 'secondary', icon: 'printer' });
        print.addEventListener('click', () => {
          void withBusy(print, 'Préparation…', async () => {
            try {
              await downloadPost(app, 'admin/letters', { uai: d.schools[0]!.uai, logins: [d.login] }, `lettre-${d.login}.pdf`);
              toast('success', `La lettre de ${d.displayName} est téléchargée : son nouveau code remplace le précédent.`);
              await load();
            } catch (e) {
              showProblem(status, e);
            }
          });
        });
        actions.append(print);
      }
      if (d.state !== 'DEACTIVATED') {
        // a code to give by hand (at the desk, on the phone): shown here once, never again
        const issue = button('Donner un nouveau code d’activation', { variant: 'secondary', icon: 'key-round' });
        issue.addEventListener('click', () => {
          void confirmDialog({
            title: `Nouveau code d’activation pour ${d.displayName} ?`,
            message: `Le code s’affichera une seule fois : donnez-le à ${d.displayName} en personne. Il remplace le code de sa lettre `
              + 'précédente ; à sa première connexion avec ce code, la personne choisit un nouveau mot de passe.',
            confirmLabel: 'Afficher un nouveau code',
          }).then(async (yes) => { if (yes) await withBusy(issue, 'Un instant…', async () => {
            try {
              const given = await app.api.post<{ login: string; code: string }>(`admin/accounts/${encodeURIComponent(d.login)}/activation-code`);
              codeShown = { login: d.login, code: given.code };
              await load();
              body.querySelector<HTMLElement>('.issued-code')?.focus();
            } catch (e) {
              showProblem(status, e);
            }
          }); });
        });
        actions.append(issue);
      }
      if (d.state === 'LOCKED') {
        const unlock = button('Débloquer', { variant: 'secondary', icon: 'lock-open' });
        unlock.addEventListener('click', () => {
          void confirmUnlock(d.displayName).then(async (yes) => { if (yes) await withBusy(unlock, 'Déblocage…', async () => {
            try {
              await app.api.post(`admin/accounts/${encodeURIComponent(d.login)}/unlock`);
              toast('success', `Le compte de ${d.displayName} est débloqué.`);
              await load();
              body.querySelector<HTMLElement>('#detail-title')?.focus();
            } catch (e) {
              showProblem(status, e);
            }
          }); });
        });
        actions.append(unlock);
      }
      if (d.state === 'DEACTIVATED') {
        const on = button('Réactiver le compte', { icon: 'user-check' });
        on.addEventListener('click', () => {
          void confirmDialog({
            title: `Réactiver le compte de ${d.displayName} ?`,
            message: `${d.displayName} pourra de nouveau se connecter, avec son mot de passe ou sa lettre de première connexion.`,
            confirmLabel: 'Réactiver le compte',
          }).then(async (yes) => { if (yes) await withBusy(on, 'Réactivation…', async () => {
            try {
              render(await app.api.post<AccountDetail>(`admin/accounts/${encodeURIComponent(d.login)}/reactivate`));
              body.querySelector<HTMLElement>('#detail-title')?.focus();
              toast('success', `Le compte de ${d.displayName} est réactivé.`);
            } catch (e) {
              showProblem(status, e);
            }
          }); });
        });
        actions.append(on);
      } else if (d.self) {
        actions.append(h('p', { class: 'hint' }, 'C’est votre propre compte : vous ne pouvez pas le désactiver.'));
      } else {
        const off = button('Désactiver le compte', { variant: 'danger', icon: 'user-x' });
        off.addEventListener('click', () => {
          void confirmDialog({
            title: `Désactiver le compte de ${d.displayName} ?`,
            message: `${d.displayName} ne pourra plus se connecter, et ses connexions en cours seront fermées tout de suite. `
              + 'Rien n’est effacé : vous pourrez réactiver le compte quand vous voudrez.',
            confirmLabel: 'Désactiver le compte', danger: true,
          }).then(async (yes) => { if (yes) await withBusy(off, 'Désactivation…', async () => {
            try {
              render(await app.api.post<AccountDetail>(`admin/accounts/${encodeURIComponent(d.login)}/deactivate`));
              body.querySelector<HTMLElement>('#detail-title')?.focus();
              toast('success', `Le compte de ${d.displayName} est désactivé.`);
            } catch (e) {
              showProblem(status, e);
            }
          }); });
        });
        actions.append(off);
      }
    } else if (!referent) {
      actions.append(h('p', { class: 'hint' }, 'La direction consulte ce compte ; le référent numérique le gère.'));
    }
    body.append(actions);

    const origin = d.source ? 'Annuaire de l’académie' : d.profiles.includes('INVITE') ? 'Compte invité créé sur la box' : 'Créé sur la box';
    body.append(panel('detail-identity', 'user', 'Identité',
      facts(['Prénom', d.firstName], ['Nom', d.lastName], ['Identifiant', h('span', { class: 'code' }, d.login)],
        ['Profil', d.profiles.map((p) => PROFILE_LABELS[p] ?? p).join(', ')],
        [d.schools.length > 1 ? 'Établissements' : 'Établissement', d.schools.map((s) => `${s.name} (${s.uai})`).join(', ')],
        ['Adresse de messagerie de l’ENT', d.mailAddress], ['Courriel personnel', d.email], ['Origine du compte', origin],
        ['Compte créé le', d.createdAt ? formatDay(d.createdAt, { year: true }) : null])));

    body.append(panel('detail-account', 'key-round', 'Connexion',
      facts(['État', STATE_LABELS[d.state]],
        ['Dernière connexion réussie', d.lastLogin ? when(d.lastLogin) : 'Jamais connecté'],
        ['Blocage', d.lockedUntil ? `Bloqué jusqu’au ${when(d.lockedUntil)}` : 'Aucun'],
        ['Mot de passe', d.hasPassword ? 'Choisi par la personne' : 'Pas encore choisi'],
        ['Code de première connexion', d.activationPending ? 'Donné (lettre ou code), pas encore utilisé' : null],
        ['Fin de l’invitation', d.guestUntil ? formatDay(d.guestUntil, { year: true }) : null])));

    if (d.profiles.includes('INVITE') && referent && d.manageable) body.append(endDateForm(app, d, render));

    const school: Node[] = [];
    if (d.classes.length || d.groups.length) {
      school.push(facts(['Classes', d.classes.map((c) => c.label).join(', ') || null], ['Groupes', d.groups.map((g) => g.label).join(', ') || null]));
    }
    if (d.teachings.length) {
      school.push(h('h4', {}, 'Enseignements'),
        h('ul', { class: 'plain-list' }, ...d.teachings.map((t) => h('li', {}, t.subject ? `${t.subject} en ${t.division.label}` : t.division.label))));
    }
    if (school.length) body.append(panel('detail-school', 'graduation-cap', 'Classes et groupes', ...school));

    if (d.responsables.length) {
      body.append(panel('detail-parents', 'users', 'Responsables',
        h('ul', { class: 'plain-list' }, ...d.responsables.map((l) => h('li', {}, personLink(l),
          ` — ${LINK_KINDS[l.kind] ?? l.kind}, ${l.legal ? 'responsable légal' : 'contact seulement'}${l.active ? '' : ' (compte désactivé)'}`)))));
    }
    if (d.children.length) {
      body.append(panel('detail-children', 'users', 'Enfants',
        h('ul', { class: 'plain-list' }, ...d.children.map((l) => h('li', {}, personLink(l),
          `${l.classes.length ? `, ${l.classes.join(', ')}` : ''} — ${l.legal ? 'responsable légal' : 'contact seulement'}`
          + `${l.active ? '' : ' (compte désactivé)'}`)))));
    }
    body.append(h('p', { class: 'hint' }, 'Cette consultation est notée dans le journal, comme toute consultation de données personnelles.'));
  };

  async function load(): Promise<void> {
    try {
      render(await app.api.get<AccountDetail>(`admin/accounts/${encodeURIComponent(login)}/detail`));
    } catch (e) {
      clear(body);
      if (e instanceof ProblemError && e.status === 404) body.append(emptyState('Ce compte n’existe pas. Revenez à la liste pour le chercher.', 'users'));
      showProblem(status, e);
    }
  }
  void load();
  return root;
}

function endDateForm(app: App, d: AccountDetail, render: (d: AccountDetail) => void): HTMLElement {
  const today = toIsoDate(new Date());
  const until = datePicker({ label: 'Dernier jour de connexion', name: 'guestUntil', required: true, value: d.guestUntil ?? '', min: today,
    max: guestMaxDay(), hint: 'La personne invitée peut se connecter jusqu’à ce jour inclus (un an au plus à partir d’aujourd’hui).' });
  const status = liveRegion('polite');
  const save = button('Changer la date de fin', { type: 'submit', variant: 'secondary', icon: 'calendar' });
  const form = h('form', { class: 'form', novalidate: true }, until.root, status.root, h('div', { class: 'actions' }, save));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!until.validate()) return;
    void withBusy(save, 'Enregistrement…', async () => {
      try {
        const updated = await app.api.put<AccountDetail>(`admin/accounts/${encodeURIComponent(d.login)}/end-date`, { until: until.value() });
        render(updated);
        toast('success', `L’invitation de ${d.displayName} dure maintenant jusqu’au ${formatDay(until.value(), { year: true })}.`);
      } catch (err) {
        if (err instanceof ProblemError) until.setError(err.title);
        showProblem(status, err);
      }
    });
  });
  return panel('detail-guest', 'calendar', 'Invitation', form);
}

// ------------------------------------------------------------------------------------------- guests

interface SchoolChoice { uai: string; name: string }

/** Asks for a guest's names, school, address and end date; creates the account and opens its detail. */
export function openGuestDialog(app: App, schools: SchoolChoice[], uai: string): void {
  const first = textField({ label: 'Prénom', name: 'firstName', required: true, maxlength: 100, autocomplete: 'off' });
  const last = textField({ label: 'Nom', name: 'lastName', required: true, maxlength: 100, autocomplete: 'off' });
  const email = textField({ label: 'Courriel personnel', name: 'email', type: 'email', maxlength: 254, autocomplete: 'off', spellcheck: false,
    hint: 'Facultatif. Pour vous souvenir comment joindre la personne ; Préau n’y écrit pas.' });
  const schoolId = 'guest-school';
  const school = h('select', { id: schoolId, class: 'input' });
  for (const s of schools) {
    const o = h('option', { value: s.uai }, `${s.name} (${s.uai})`);
    if (s.uai === uai) o.selected = true;
    school.append(o);
  }
  const until = datePicker({ label: 'Dernier jour de connexion', name: 'until', required: true, min: toIsoDate(new Date()), max: guestMaxDay(),
    hint: 'Obligatoire : la personne pourra se connecter jusqu’à ce jour inclus, un an au plus.' });
  const problem = h('div', {});
  const form = h('div', { class: 'form' },
    h('p', {}, 'Un compte invité sert à une personne qui n’est pas dans l’annuaire : un intervenant, un stagiaire, un remplaçant qui attend son compte.'),
    first.root, last.root,
    schools.length > 1 ? h('div', { class: 'field' }, h('label', { for: schoolId, class: 'label' }, 'Établissement'), school) : null,
    email.root, until.root, problem);
  let created: { login: string; displayName: string; until: string } | null = null;
  const d = dialog<string>({
    title: 'Créer un compte invité', body: form,
    actions: [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' },
      {
        label: 'Créer le compte', value: 'created', icon: 'user-plus',
        onClick: async () => {
          clear(problem);
          const checks = [first.value().trim() ? (first.setError(null), true) : (first.setError('Indiquez le prénom.'), false),
            last.value().trim() ? (last.setError(null), true) : (last.setError('Indiquez le nom.'), false), until.validate()];
          if (!checks.every(Boolean)) return false;
          try {
            created = await app.api.post<{ login: string; displayName: string; until: string }>('admin/guests', {
              firstName: first.value().trim(), lastName: last.value().trim(), uai: school.value || uai,
              email: email.value().trim() || null, until: until.value(),
            });
            return true;
          } catch (e) {
            const title = e instanceof ProblemError ? e.title : 'Le compte n’a pas pu être créé. Réessayez.';
            if (e instanceof ProblemError && e.code === 'invalid-email') email.setError(title);
            else if (e instanceof ProblemError && e.code === 'invalid-end-date') until.setError(title);
            else problem.append(alert('error', title));
            return false;
          }
        },
      },
    ],
  });
  void d.result.then((value) => {
    if (value !== 'created' || !created) return;
    flash = { login: created.login, text: `${created.displayName} a l’identifiant ${created.login} et pourra se connecter jusqu’au `
      + `${formatDay(created.until, { year: true })}. Imprimez sa lettre de première connexion pour la lui remettre.` };
    app.go(`#/console/comptes/${encodeURIComponent(created.login)}`);
  });
}

// ------------------------------------------------------------------------------------------- health

interface BundleHealth { name: string; label: string; version: string; state: string; ok: boolean; components: number; problems: string[] }
interface BoxHealth {
  ok: boolean; problems: string[]; version: string; startedAt: string; uptimeSeconds: number; bundles: BundleHealth[];
  disk: { path: string; freeBytes: number; totalBytes: number; low: boolean } | null; memory: { usedBytes: number; maxBytes: number };
  lastImport: { id: string; status: keyof typeof IMPORT_STATUS_LABELS; source: string; createdAt: string; finishedAt: string | null;
    counts: { created: number; updated: number; unchanged: number; deactivated: number; rejected: number }; message: string | null } | null;
  lastBackup: { finishedAt: string; status: 'OK' | 'FAILED'; size: number | null; message: string | null } | null;
  backupMarker: string;
}

const BUNDLE_STATES: Record<string, string> = {
  ACTIVE: 'Fonctionne', RESOLVED: 'Arrêté', INSTALLED: 'Ne démarre pas', STARTING: 'Démarre', STOPPING: 'S’arrête', UNINSTALLED: 'Retiré',
};

/** « 12 % libre » with a whole number, at least « moins de 1 % ». */
export function freeShare(free: number, total: number): string {
  if (total <= 0) return '';
  const p = Math.floor((free / total) * 100);
  return p < 1 ? 'moins de 1 % libre' : `${p} % libre`;
}

export function healthSection(app: App, referent = false): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(6));
  const refresh = button('Actualiser', { variant: 'secondary', icon: 'activity' });

  const render = (x: BoxHealth) => {
    clear(body);
    body.append(x.ok ? alert('success', 'Tout fonctionne normalement.', 'La box va bien')
      : alert('warning', h('ul', {}, ...x.problems.map((p) => h('li', {}, p))), 'À regarder'));
    const imp = x.lastImport;
    const backup = x.lastBackup;
    body.append(h('div', { class: 'health-grid' },
      panel('health-box', 'activity', 'La box', facts(['Version', x.version],
        ['En marche depuis', `${uptimeText(x.uptimeSeconds)} (démarrée le ${when(x.startedAt)})`],
        ['Mémoire utilisée', `${formatSize(x.memory.usedBytes)} sur ${formatSize(x.memory.maxBytes)}`])),
      panel('health-disk', 'hard-drive', 'Disque des données', x.disk
        ? facts(['Espace libre', `${formatSize(x.disk.freeBytes)} sur ${formatSize(x.disk.totalBytes)} (${freeShare(x.disk.freeBytes, x.disk.totalBytes)})`],
          ['Dossier', h('span', { class: 'code' }, x.disk.path)])
        : h('p', {}, 'L’espace libre n’a pas pu être mesuré.')),
      panel('health-import', 'upload', 'Dernier import de l’annuaire', imp
        ? facts(['État', IMPORT_STATUS_LABELS[imp.status] ?? imp.status], ['Date', when(imp.finishedAt ?? imp.createdAt)],
          ['Résultat', countsText(imp.counts)], ['Message', imp.message])
        : h('p', {}, 'Aucun import pour l’instant. Déposez les fichiers de l’académie dans « Import de l’annuaire ».')),
      panel('health-backup', 'shield-check', 'Dernière sauvegarde', backup
        ? facts(['Date', when(backup.finishedAt)], ['Résultat', backup.status === 'OK' ? 'Réussie' : 'Échouée'],
          ['Taille', backup.size != null ? formatSize(backup.size) : null], ['Message', backup.message])
        : h('div', {}, h('p', { class: 'strong' }, 'Aucune sauvegarde enregistrée.'),
          h('p', { class: 'hint' }, 'Pour l’instant, sauvegardez en copiant le dossier des données, box arrêtée (voir le guide).')))));

    const rows = x.bundles.map((b) => h('tr', {},
      h('th', { scope: 'row' }, b.label),
      h('td', {}, h('span', { class: `badge ${b.ok ? 'badge-active' : 'badge-locked'}` }, b.ok ? 'Fonctionne' : BUNDLE_STATES[b.state] === 'Fonctionne' ? 'En panne' : BUNDLE_STATES[b.state] ?? 'En panne')),
      h('td', {}, b.problems.length ? b.problems.join(' ; ') : b.components ? `${plural(b.components, 'service', 'services')} en marche` : '—'),
      h('td', { class: 'code' }, b.version)));
    body.append(h('section', { class: 'panel', 'aria-labelledby': 'health-parts' },
      h('h3', { id: 'health-parts', class: 'panel-title' }, icon('layout-grid', 20), h('span', {}, 'Les parties de la box')),
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Les parties de la box', tabindex: '0' },
        h('table', { class: 'table' }, h('caption', { class: 'visually-hidden' }, 'Les parties de la box et leur état'),
          h('thead', {}, h('tr', {}, ...['Partie', 'État', 'Détail', 'Version'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, ...rows)))));
  };

  const load = () => withBusy(refresh, 'Actualisation…', async () => {
    try {
      render(await app.api.get<BoxHealth>('admin/health'));
      status.show('info', `État de la box mis à jour à ${new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' }).replace(':', ' h ')}.`);
    } catch (e) {
      clear(body);
      showProblem(status, e);
    }
  });
  refresh.addEventListener('click', () => { void load(); });
  void load();
  return h('section', { class: 'panel', 'aria-labelledby': 'health-title' },
    h('h2', { id: 'health-title' }, icon('activity', 20), h('span', {}, 'État de la box')),
    h('p', { class: 'hint' }, 'Ce qui fonctionne, la place sur le disque, le dernier import et la dernière sauvegarde.'),
    h('div', { class: 'actions' }, refresh), status.root, body, certificateSection(app, referent),
    ...(referent ? [antivirusSection(app)] : []));
}
