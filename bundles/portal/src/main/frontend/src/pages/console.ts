/**
 * The referent's console: accounts, imports of the annuaire, schools. The direction sees the
 * accounts of its school, read-only. Every call is checked again by the box (403 otherwise).
 */
import type { App, PageFn } from '../app.js';
import { ProblemError } from '../api.js';
import type { ProfileCode } from '../types.js';
import { h, clear, uid } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, emptyState, liveRegion, skeleton, statusText, textField, withBusy, type LiveRegion } from '../ui/kit.js';
import { PROFILE_LABELS } from './profile.js';
import { requireFilled, showProblem } from './forms.js';
import type { LegalMentions } from './info.js';
import { accountDetail, healthSection, openGuestDialog } from './console-accounts.js';
import { backupsSection } from './console-backups.js';
import { ldapSection } from './console-ldap.js';
import { updatesSection } from './console-updates.js';
import { communicationSection } from './console-communication.js';
import { filePicker } from '../ui/filepicker.js';
import { formatDay, plural, schoolDay } from '../format.js';
import { mayUseConsole } from '../personal.js';

interface SchoolInfo { uai: string; name: string; demo: boolean; mailDomain: string }
interface DivisionInfo { id: string; kind: 'CLASSE' | 'GROUPE'; code: string; label: string }
export type AccountState = 'ACTIVE' | 'PENDING' | 'LOCKED' | 'DEACTIVATED';
interface AccountItem {
  id: string; login: string; displayName: string; profiles: ProfileCode[]; classes: string[]; state: AccountState;
  lastLogin: string | null; guestUntil?: string | null;
}
interface AccountPage { total: number; items: AccountItem[] }
interface ImportCounts { created: number; updated: number; unchanged: number; deactivated: number; rejected: number }
type ImportStatus = 'RECEIVING' | 'QUEUED' | 'RUNNING' | 'CONFIRMATION_REQUIRED' | 'DONE' | 'FAILED' | 'CANCELLED';
interface ImportInfo {
  id: string; status: ImportStatus; source: string; uai: string | null; actor: string; files: string[];
  createdAt: string; finishedAt: string | null; counts: ImportCounts; message: string | null;
  /** While running: the records of the files (0 until they have been read) and those done. */
  recordsTotal?: number; recordsDone?: number;
}

export const STATE_LABELS: Record<AccountState, string> = {
  ACTIVE: 'Actif',
  PENDING: 'En attente de première connexion',
  LOCKED: 'Bloqué',
  DEACTIVATED: 'Désactivé',
};

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  RECEIVING: 'Envoi des fichiers',
  QUEUED: 'En attente',
  RUNNING: 'En cours',
  CONFIRMATION_REQUIRED: 'À confirmer',
  DONE: 'Terminé',
  FAILED: 'Échoué',
  CANCELLED: 'Abandonné',
};

/** Statuses after which an import no longer changes by itself. */
const IMPORT_ENDED: readonly ImportStatus[] = ['DONE', 'FAILED', 'CONFIRMATION_REQUIRED', 'CANCELLED'];

/**
 * How far a running import is, in words: « 120 fiches sur 917 (13 %), environ 20 s restantes ».
 * {@code elapsedMs}: time since the first record was seen done (no estimate before a few records).
 */
export function importProgressText(done: number, total: number, elapsedMs: number): string {
  if (total <= 0) return 'Lecture des fichiers…';
  const shown = Math.min(done, total);
  const percent = Math.floor((shown * 100) / total);
  let text = `${shown.toLocaleString('fr-FR')} fiche${shown > 1 ? 's' : ''} sur ${total.toLocaleString('fr-FR')} (${percent} %)`;
  if (shown >= 20 && shown < total && elapsedMs >= 2000) {
    const seconds = Math.ceil(((total - shown) * elapsedMs) / shown / 1000);
    text += seconds < 60 ? `, environ ${seconds} s restantes`
      : `, environ ${Math.ceil(seconds / 60)} min restante${Math.ceil(seconds / 60) > 1 ? 's' : ''}`;
  }
  return text;
}

const SECTIONS = [
  { id: 'comptes', label: 'Comptes', icon: 'users', referentOnly: false },
  { id: 'imports', label: "Import de l'annuaire", icon: 'upload', referentOnly: true },
  { id: 'modules', label: 'Modules', icon: 'layout-grid', referentOnly: true },
  { id: 'mises-a-jour', label: 'Mises à jour', icon: 'download', referentOnly: true },
  { id: 'statistiques', label: 'Statistiques', icon: 'chart-column', referentOnly: false },
  { id: 'journal', label: 'Journal', icon: 'shield-check', referentOnly: true },
  { id: 'etablissements', label: 'Établissements', icon: 'school', referentOnly: false },
  { id: 'communication', label: 'Communication', icon: 'messages-square', referentOnly: true },
  { id: 'etat', label: 'État de la box', icon: 'activity', referentOnly: false },
  { id: 'sauvegardes', label: 'Sauvegardes', icon: 'hard-drive', referentOnly: true },
  { id: 'composants', label: 'Composants', icon: 'component', referentOnly: true },
] as const;

interface AuditItem {
  sequence: number; at: string; action: string; actor: { login: string; displayName: string } | null; subject: string | null;
  subjectPerson: { login: string; displayName: string } | null;
  address: string | null; success: boolean; details: Record<string, string>;
}
interface ConnectionSlot { start: string; people: number; byProfile: Partial<Record<ProfileCode, number>> }
interface Connections { school: string; day: string; people: number; slots: ConnectionSlot[] }
interface PageCount { page: string; label: string; views: number; byProfile: Partial<Record<ProfileCode, number>> }
interface PageViewsAnswer { school: string; from: string; to: string; views: number; items: PageCount[] }

/** What the journal's actions mean, in words. */
export const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Connexion',
  'auth.logout': 'Déconnexion',
  'auth.activation': 'Première connexion',
  'auth.password.change': 'Changement de mot de passe',
  'auth.lockout': 'Compte bloqué',
  'admin.account.unlock': 'Déblocage d’un compte',
  'admin.account.activation-code': 'Nouveau code de première connexion',
  'admin.account.deactivate': 'Désactivation d’un compte',
  'admin.account.reactivate': 'Réactivation d’un compte',
  'admin.guest.create': 'Création d’un compte invité',
  'admin.guest.end-date': 'Date de fin d’un compte invité',
  'admin.guest.expired': 'Fin d’un compte invité',
  'admin.setup': 'Mise en service',
  'admin.audit.read': 'Lecture du journal',
  'data.person.read': 'Consultation de données personnelles',
  'directory.import.create': 'Import de l’annuaire préparé',
  'directory.import.start': 'Import de l’annuaire lancé',
  'directory.import.cancel': 'Import de l’annuaire abandonné',
  'directory.letters': 'Lettres de première connexion',
  'directory.ldap.test': 'Test de l’annuaire LDAP',
  'directory.ldap.sync': 'Synchronisation LDAP',
  'directory.ldap.settings': 'Réglages de la synchronisation LDAP',
  'directory.school.mail-domain': 'Domaine de messagerie',
  'mail.moderation.setting': 'Validation des messages des élèves',
  'mail.moderation.approve': 'Message d’élève accepté',
  'mail.moderation.refuse': 'Message d’élève refusé',
  'access.communication-rule': 'Règle de communication',
  'admin.school.logo': 'Logo d’un établissement',
  'admin.legal': 'Mentions légales',
  'updates.settings': 'Réglage du canal de mises à jour',
  'updates.check': 'Vérification des mises à jour',
  'updates.apply': 'Mise à jour de la box',
  'updates.rollback': 'Retour à la version précédente',
};

/** Why an action failed, in words (the journal keeps a code). */
export const REASON_LABELS: Record<string, string> = {
  'invalid-credentials': 'identifiant ou mot de passe incorrect',
  locked: 'compte bloqué',
  'throttled-address': 'trop d’essais depuis cette adresse',
  'throttled-delay': 'essai trop rapproché',
  'invalid-activation': 'code de première connexion incorrect ou expiré',
  'weak-password': 'mot de passe trop faible',
  'wrong-code': 'code de mise en service incorrect',
  'ldap-settings-invalid': 'réglages LDAP refusés',
  'ldap-password-required': 'mot de passe LDAP à saisir à nouveau',
  'ldap-settings-not-saved': 'réglages LDAP non enregistrés',
  'bad-signature': 'signature de l’académie invalide',
  'unknown-key': 'signée par une clé inconnue',
  'hash-mismatch': 'fichier altéré',
  'manifest-malformed': 'description illisible',
  'features-malformed': 'dépôt illisible',
  incomplete: 'dépôt incomplet',
  'wrong-channel': 'mauvais canal',
  'older-version': 'version plus ancienne',
  'channel-unreachable': 'canal injoignable',
  'not-configured': 'canal non réglé',
  'rolled-back': 'annulée : la box est revenue à la version d’avant',
};

const ACTION_FAMILIES: Array<[string, string]> = [
  ['', 'Toutes'], ['auth.', 'Connexions'], ['admin.', 'Administration'], ['directory.', 'Annuaire'],
  ['data.', 'Données personnelles'], ['updates.', 'Mises à jour'],
];

/**
 * Rows a list shows at a time: 20 on a phone (a lighter page, quicker to draw; « Page suivante » for
 * more), 50 on a larger screen.
 */
const PAGE_SIZE = typeof window !== 'undefined' && window.matchMedia?.('(max-width: 40rem)').matches ? 20 : 50;
/** Rows of a long table drawn at once; the others follow {@link MORE_ROWS} at a time, between frames. */
const FIRST_ROWS = 12;
const MORE_ROWS = 8;

/** Runs `work` once the browser has drawn and handled input (idle time when it says so). */
function later(work: () => void): void {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(work, { timeout: 300 });
  else window.setTimeout(work, 16);
}

export { mayUseConsole };

/** Asks before lifting a lockout: it protects the account against someone guessing the password. */
export function confirmUnlock(displayName: string): Promise<boolean> {
  return confirmDialog({
    title: `Débloquer le compte de ${displayName} ?`,
    message: `${displayName} pourra de nouveau essayer son mot de passe tout de suite. Le blocage protège le compte de `
      + 'quelqu’un qui devinerait le mot de passe : vérifiez que c’est bien la personne qui vous le demande.',
    confirmLabel: 'Débloquer le compte',
  });
}

/** "12 créés, 3 modifiés, …" for an import's counts. */
export function countsText(c: ImportCounts): string {
  return [plural(c.created, 'créé', 'créés'), plural(c.updated, 'modifié', 'modifiés'), plural(c.unchanged, 'inchangé', 'inchangés'),
    plural(c.deactivated, 'désactivé', 'désactivés'), plural(c.rejected, 'rejeté', 'rejetés')].join(', ');
}

function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

function selectField(label: string, options: Array<[string, string]>, value = ''): { root: HTMLDivElement; select: HTMLSelectElement } {
  const id = uid('sel');
  const select = h('select', { id, class: 'input' });
  for (const [v, text] of options) {
    const o = h('option', { value: v }, text);
    if (v === value) o.selected = true;
    select.append(o);
  }
  return { root: h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, label), select), select };
}

/** A table in a region that scrolls sideways on a phone (focusable, so the keyboard scrolls it too). */
function tableRegion(caption: string, head: string[], rows: HTMLTableRowElement[]): HTMLDivElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows)));
}

/** Short words for the table (the filter says them in full). */
const STATE_BADGES: Record<AccountState, string> = {
  ACTIVE: 'Actif', PENDING: 'En attente', LOCKED: 'Bloqué', DEACTIVATED: 'Désactivé',
};

/** « Page précédente » / « Page suivante » for a list shown {@link PAGE_SIZE} at a time. */
function pagerButtons(pager: HTMLElement, offset: number, shown: number, total: number, go: (offset: number) => void): void {
  if (offset > 0) {
    pager.append(button('Page précédente', { variant: 'secondary', icon: 'chevron-left',
      onClick: () => go(Math.max(0, offset - PAGE_SIZE)) }));
  }
  if (offset + shown < total) {
    pager.append(button('Page suivante', { variant: 'secondary', icon: 'chevron-right', onClick: () => go(offset + PAGE_SIZE) }));
  }
}

export function stateBadge(state: AccountState): HTMLSpanElement {
  return badge(state);
}

function badge(state: AccountState): HTMLSpanElement {
  return h('span', { class: `badge badge-${state.toLowerCase()}`, title: STATE_LABELS[state] }, STATE_BADGES[state]);
}

/** Downloads what a POST answers (a PDF of letters) as a file. */
export async function downloadPost(app: App, path: string, body: unknown, fileName: string): Promise<void> {
  const response = await fetch(`/api/v1/${path}`, {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: { 'Content-Type': 'application/json', Accept: 'application/pdf, application/problem+json', 'X-CSRF-Token': app.api.token },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    app.sessionExpired();
    throw new ProblemError(401, 'not-authenticated', 'Votre session a expiré. Reconnectez-vous.');
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let title = 'Le document n’a pas pu être préparé. Réessayez.';
    try {
      const p = JSON.parse(text) as { title?: string };
      if (p.title) title = p.title;
    } catch { /* not a problem document */ }
    throw new ProblemError(response.status, '', title);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A download link (CSV of the journal, import report) that first checks the session is still
 * open: an expired session leads to the login page with a kind message, never to a raw error page.
 */
function guardDownload(app: App, a: HTMLAnchorElement): HTMLAnchorElement {
  a.addEventListener('click', (e) => {
    if (a.dataset.checked === '1') { delete a.dataset.checked; return; }
    e.preventDefault();
    app.api.get<{ signedIn: boolean }>('auth/session', { authAttempt: true }).then((s) => {
      if (!s?.signedIn) { app.sessionExpired(); return; }
      a.dataset.checked = '1';
      a.click();
    }, () => { a.dataset.checked = '1'; a.click(); });
  });
  return a;
}

// ------------------------------------------------------------------------------------------- accounts

function accountsSection(app: App, schools: SchoolInfo[], referent: boolean): HTMLElement {
  const mine = app.session!.person.school.uai;
  const school = selectField('Établissement', schools.map((s) => [s.uai, `${s.name} (${s.uai})`]), mine);
  const profile = selectField('Profil', [['', 'Tous'], ...(Object.keys(PROFILE_LABELS) as ProfileCode[])
    .map((p): [string, string] => [p, PROFILE_LABELS[p]])]);
  const klass = selectField('Classe', [['', 'Toutes']]);
  const state = selectField('État', [['', 'Tous sauf désactivés'], ...(Object.keys(STATE_LABELS) as AccountState[])
    .map((s): [string, string] => [s, STATE_LABELS[s]])]);
  const text = textField({ label: 'Nom ou identifiant', name: 'q', type: 'search', maxlength: 100, spellcheck: false });
  const status = liveRegion('polite');
  const results = h('div', { class: 'results' }, skeleton(4));
  // counts are announced, not shown above the list (the table's caption shows them; no layout shift)
  const counted = statusText();
  const pager = h('div', { class: 'pager actions' });
  const letters = button('Lettres de première connexion de la classe', { variant: 'secondary', icon: 'printer' });
  letters.hidden = true;
  const guest = button('Créer un compte invité', { variant: 'secondary', icon: 'user-plus' });
  guest.addEventListener('click', () => openGuestDialog(app, schools, school.select.value));
  let offset = 0;

  const loadClasses = async () => {
    clear(klass.select);
    klass.select.append(h('option', { value: '' }, 'Toutes'));
    try {
      const divisions = await app.api.get<DivisionInfo[]>(`admin/schools/${encodeURIComponent(school.select.value)}/divisions`);
      for (const d of divisions.filter((x) => x.kind === 'CLASSE')) klass.select.append(h('option', { value: d.code }, d.label));
    } catch (e) {
      showProblem(status, e);
    }
  };

  const unlock = async (a: AccountItem, b: HTMLButtonElement) => {
    if (!await confirmUnlock(a.displayName)) return;
    await withBusy(b, 'Déblocage…', async () => {
      try {
        await app.api.post(`admin/accounts/${encodeURIComponent(a.login)}/unlock`);
        status.show('success', `Le compte de ${a.displayName} est débloqué.`);
        await load();
      } catch (e) {
        showProblem(status, e);
      }
    });
  };

  const letterFor = (a: AccountItem, b: HTMLButtonElement) => withBusy(b, 'Préparation…', async () => {
    try {
      await downloadPost(app, 'admin/letters', { uai: school.select.value, logins: [a.login] }, `lettre-${a.login}.pdf`);
      status.show('success', `La lettre de ${a.displayName} est téléchargée : un nouveau code remplace le précédent.`);
      await load();
    } catch (e) {
      showProblem(status, e);
    }
  });

  const row = (a: AccountItem) => {
    const actions = h('div', { class: 'row-actions' });
    if (referent && a.state === 'LOCKED') {
      const b = button('Débloquer', { variant: 'secondary', icon: 'lock-open', ariaLabel: `Débloquer ${a.displayName}` });
      b.addEventListener('click', () => { void unlock(a, b); });
      actions.append(b);
    }
    if (referent && a.state !== 'DEACTIVATED') {
      // no icon in the rows: 50 rows of icons weigh on a phone
      const b = button('Lettre', { variant: 'ghost', ariaLabel: `Lettre de première connexion de ${a.displayName}` });
      b.addEventListener('click', () => { void letterFor(a, b); });
      actions.append(b);
    }
    return h('tr', {},
      h('td', {}, h('a', { class: 'strong', href: `#/console/comptes/${encodeURIComponent(a.login)}` }, a.displayName)),
      h('td', { class: 'code' }, a.login),
      h('td', {}, a.profiles.map((p) => PROFILE_LABELS[p] ?? p).join(', ')),
      h('td', {}, a.classes.join(', ') || '—'),
      h('td', {}, badge(a.state), a.guestUntil ? h('span', { class: 'hint nowrap' }, ` jusqu’au ${formatDay(a.guestUntil, { year: true })}`) : null),
      h('td', {}, dateTime(a.lastLogin)),
      referent ? h('td', {}, actions) : null);
  };

  let latest = 0;
  async function load(): Promise<void> {
    // filters change quickly: only the answer to the last request is shown
    const request = ++latest;
    try {
      const page = await app.api.get<AccountPage>('admin/accounts', {
        query: {
          school: school.select.value, profile: profile.select.value || undefined, class: klass.select.value || undefined,
          state: state.select.value || undefined, q: text.value().trim() || undefined, offset, limit: PAGE_SIZE,
        },
      });
      if (request !== latest) return;
      clear(results);
      clear(pager);
      letters.hidden = !referent || !klass.select.value;
      if (page.total === 0) {
        results.append(emptyState('Aucun compte ne correspond à ces critères.', 'users'));
        counted.say('Aucun compte trouvé.');
        return;
      }
      const head = ['Nom', 'Identifiant', 'Profil', 'Classes', 'État', 'Dernière connexion'];
      if (referent) head.push('Actions');
      // the first rows at once, the others a few at a time: the page stays responsive on a phone
      const region = tableRegion(`Comptes, ${offset + 1} à ${offset + page.items.length} sur ${page.total}`, head,
        page.items.slice(0, FIRST_ROWS).map(row));
      results.append(region);
      const tbody = region.querySelector('tbody')!;
      const rest = page.items.slice(FIRST_ROWS);
      const more = () => {
        if (request !== latest || rest.length === 0) return;
        tbody.append(...rest.splice(0, MORE_ROWS).map(row));
        if (rest.length > 0) later(more);
      };
      later(more);
      counted.say(`${plural(page.total, 'compte', 'comptes')} : ${offset + 1} à ${offset + page.items.length} affichés.`);
      pagerButtons(pager, offset, page.items.length, page.total, (next) => { offset = next; void load(); });
    } catch (e) {
      if (request !== latest) return;
      clear(results);
      showProblem(status, e);
    }
  }

  letters.addEventListener('click', () => {
    void withBusy(letters, 'Préparation…', async () => {
      try {
        await downloadPost(app, 'admin/letters', { uai: school.select.value, division: `${school.select.value}:CLASSE:${klass.select.value}` },
          `lettres-${klass.select.value}.pdf`);
        status.show('success', 'Les lettres sont téléchargées. Chaque lettre porte un nouveau code qui remplace le précédent.');
        await load();
      } catch (e) {
        showProblem(status, e);
      }
    });
  });

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Rechercher des comptes' },
    schools.length > 1 ? school.root : null, profile.root, klass.root, state.root, text.root,
    h('div', { class: 'actions' }, button('Rechercher', { type: 'submit', icon: 'search' })));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; void load(); });
  for (const s of [profile.select, klass.select, state.select]) s.addEventListener('change', () => { offset = 0; void load(); });
  school.select.addEventListener('change', () => { offset = 0; void loadClasses().then(load); });
  void loadClasses().then(load);

  return h('div', {}, referent ? requestsSection(app, () => { void load(); }) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'accounts-title' },
    h('h2', { id: 'accounts-title' }, icon('users', 20), h('span', {}, 'Comptes')),
    referent ? null : h('p', { class: 'hint' }, 'La direction consulte les comptes ; le référent numérique les gère.'),
    form, status.root, counted.root, h('div', { class: 'actions' }, referent ? guest : null, letters), results, pager));
}

interface PasswordRequest { id: string; login: string; displayName: string; school: string; at: string }

/** Forgotten passwords waiting for a new letter (asked from the login page). */
function requestsSection(app: App, reload: () => void): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {});
  const section = h('section', { class: 'panel', 'aria-labelledby': 'requests-title', hidden: true },
    h('h2', { id: 'requests-title' }, icon('key-round', 20), h('span', {}, 'Mots de passe oubliés')),
    h('p', { class: 'hint' }, 'Ces personnes ont demandé une nouvelle lettre de connexion depuis la page de connexion. '
      + 'Vérifiez que c’est bien elles avant de la leur remettre.'), status.root, body);
  const load = async () => {
    try {
      const { items } = await app.api.get<{ items: PasswordRequest[] }>('password-requests');
      clear(body);
      section.hidden = items.length === 0;
      if (items.length === 0) return;
      body.append(tableRegion('Demandes de nouvelle lettre', ['Date', 'Nom', 'Identifiant', 'Actions'], items.map((r) => {
        const print = button('Imprimer la lettre', { variant: 'secondary', icon: 'printer', ariaLabel: `Imprimer la lettre de ${r.displayName}` });
        const drop = button('Retirer', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer la demande de ${r.displayName}` });
        print.addEventListener('click', () => {
          void withBusy(print, 'Préparation…', async () => {
            try {
              await downloadPost(app, 'admin/letters', { uai: r.school, logins: [r.login] }, `lettre-${r.login}.pdf`);
              await app.api.delete(`password-requests/${encodeURIComponent(r.id)}`);
              status.show('success', `La lettre de ${r.displayName} est téléchargée : son ancien code ne marche plus.`);
              await load();
              reload();
            } catch (e) {
              showProblem(status, e);
            }
          });
        });
        drop.addEventListener('click', () => {
          void confirmDialog({ title: 'Retirer cette demande ?', message: `${r.displayName} ne recevra pas de nouvelle lettre.`,
            confirmLabel: 'Retirer', danger: true }).then(async (yes) => {
            if (!yes) return;
            try {
              await app.api.delete(`password-requests/${encodeURIComponent(r.id)}`);
              await load();
            } catch (e) {
              showProblem(status, e);
            }
          });
        });
        return h('tr', {}, h('td', {}, dateTime(r.at)), h('td', {}, r.displayName), h('td', { class: 'code' }, r.login),
          h('td', {}, h('div', { class: 'row-actions' }, print, drop)));
      })));
    } catch (e) {
      section.hidden = false;
      showProblem(status, e);
    }
  };
  void load();
  return section;
}

// ------------------------------------------------------------------------------------------- imports

/** Sends a file with upload progress (fetch cannot report it). */
function uploadFile(app: App, importId: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/v1/admin/imports/${encodeURIComponent(importId)}/files/${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('X-CSRF-Token', app.api.token);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(); return; }
      let title = `Le fichier ${file.name} n'a pas pu être envoyé.`;
      try {
        const p = JSON.parse(xhr.responseText) as { title?: string };
        if (p.title) title = `${file.name} : ${p.title}`;
      } catch { /* keep the general title */ }
      reject(new ProblemError(xhr.status, '', title));
    };
    xhr.onerror = () => reject(new ProblemError(0, 'network', `Le fichier ${file.name} n'a pas pu être envoyé : vérifiez la connexion.`));
    xhr.send(file);
  });
}

/**
 * Follows an import until it ends, as the imports page shows it: status and counts over a progress
 * bar, the result in the live region, and « Confirmer l'import » when the 20 % guard stopped it.
 */
export function importFollower(app: App, progress: HTMLElement, status: LiveRegion, afterDecline?: () => void):
    { follow(id: string, onEnd: () => void): void; dispose(): void } {
  let timer = 0;
  let disposed = false;
  // when the first records were seen done, for the time left
  let started: { id: string; at: number; done: number } | null = null;

  const follow = async (id: string, onEnd: () => void): Promise<void> => {
    window.clearTimeout(timer);
    if (disposed) return;
    try {
      const run = await app.api.get<ImportInfo>(`admin/imports/${encodeURIComponent(id)}`);
      showRun(run, onEnd);
      if (!IMPORT_ENDED.includes(run.status)) {
        timer = window.setTimeout(() => { void follow(id, onEnd); }, 1000);
      } else {
        onEnd();
      }
    } catch (e) {
      showProblem(status, e);
    }
  };

  const showRun = (run: ImportInfo, onEnd: () => void) => {
    clear(progress);
    if (run.status === 'CONFIRMATION_REQUIRED') {
      // nothing runs while the referent decides: no moving bar
      progress.append(h('p', { class: 'strong' }, `${IMPORT_STATUS_LABELS[run.status]} : rien n’a encore été écrit`));
    } else {
      const bar = h('progress', { class: 'bar', 'aria-label': "Avancement de l'import" });
      const total = run.recordsTotal ?? 0;
      const done = run.recordsDone ?? 0;
      let how: HTMLElement | null = null;
      if (IMPORT_ENDED.includes(run.status)) {
        bar.max = 1; bar.value = 1;
      } else if (run.status === 'RUNNING' && total > 0) {
        // a bar that fills: the records done out of those of the files
        if (!started || started.id !== run.id) started = { id: run.id, at: Date.now(), done };
        bar.max = total; bar.value = Math.min(done, total);
        how = h('p', { class: 'hint' }, `${run.message ? run.message + ' : ' : ''}${importProgressText(done, total,
          done > started.done ? Date.now() - started.at : 0)}`);
      }
      progress.append(h('p', { class: 'strong' }, `${IMPORT_STATUS_LABELS[run.status]} : ${countsText(run.counts)}`), bar);
      if (how) progress.append(how);
    }
    if (run.status === 'DONE') status.show('success', `Import terminé : ${countsText(run.counts)}.${run.message ? ' ' + run.message : ''}`);
    if (run.status === 'FAILED') status.show('error', run.message ?? "L'import a échoué : voyez le rapport.");
    if (run.status === 'CANCELLED') status.show('info', run.message ?? 'Import abandonné : rien n’a été écrit.');
    if (run.status === 'CONFIRMATION_REQUIRED') {
      const confirm = button("Confirmer l'import", { variant: 'danger', icon: 'circle-check' });
      confirm.addEventListener('click', () => {
        void withBusy(confirm, 'Confirmation…', async () => {
          try {
            await app.api.post(`admin/imports/${encodeURIComponent(run.id)}/start`, { confirm: true });
            void follow(run.id, onEnd);
          } catch (e) {
            showProblem(status, e);
          }
        });
      });
      const drop = button('Ne pas importer', { variant: 'secondary', icon: 'x' });
      drop.addEventListener('click', () => {
        void withBusy(drop, 'Abandon…', async () => {
          try {
            // the box records it: the history says « Abandonné », and it can no longer be confirmed by mistake
            await app.api.post(`admin/imports/${encodeURIComponent(run.id)}/cancel`, {});
            clear(progress);
            status.show('info', 'Import abandonné : rien n’a été écrit, aucun compte n’est désactivé. Vérifiez l’export puis déposez-le de nouveau.');
            onEnd();
            afterDecline?.();
          } catch (e) {
            showProblem(status, e);
          }
        });
      });
      progress.append(alert('warning', run.message ?? '', 'Rien n’a été écrit : confirmez si ces départs sont réels'),
        h('div', { class: 'actions' }, confirm, drop));
      status.show('warning', 'Cet import attend votre confirmation.');
    }
  };

  return { follow: (id, onEnd) => { void follow(id, onEnd); }, dispose: () => { disposed = true; window.clearTimeout(timer); } };
}

function importsSection(app: App, schools: SchoolInfo[]): { node: HTMLElement; dispose: () => void } {
  const fileId = uid('files');
  const files = h('input', { id: fileId, type: 'file', multiple: true, accept: '.xml,.csv,.zip', class: 'input', 'aria-describedby': `${fileId}-hint` });
  const uai = h('select', { id: uid('uai'), class: 'input' });
  uai.append(h('option', { value: '' }, 'Indiqué par les fichiers (AAF)'));
  for (const s of schools) uai.append(h('option', { value: s.uai }, `${s.name} (${s.uai})`));
  const status = liveRegion('polite');
  const progress = h('div', { class: 'progress-list' });
  const history = h('div', { class: 'results' }, skeleton(3));
  const submit = button("Envoyer et importer", { type: 'submit', icon: 'upload' });
  const followRun = (id: string) => follower.follow(id, () => { void loadHistory(); });
  const follower = importFollower(app, progress, status, () => files.focus());

  async function loadHistory(): Promise<void> {
    try {
      const runs = await app.api.get<ImportInfo[]>('admin/imports');
      clear(history);
      if (runs.length === 0) { history.append(emptyState("Aucun import pour l'instant.", 'upload')); return; }
      history.append(tableRegion('Imports précédents', ['Date', 'Source', 'Fichiers', 'État', 'Résultat', 'Rapport'],
        runs.map((r) => h('tr', {},
          h('td', {}, dateTime(r.createdAt)),
          h('td', {}, r.source),
          h('td', {}, plural(r.files.length, 'fichier', 'fichiers')),
          h('td', {}, IMPORT_STATUS_LABELS[r.status]),
          h('td', {}, countsText(r.counts)),
          h('td', {}, r.finishedAt
            ? guardDownload(app, h('a', { href: `/api/v1/admin/imports/${encodeURIComponent(r.id)}/report`, download: `rapport-import-${r.id}.csv` },
              icon('download', 16), h('span', {}, 'Rapport'), h('span', { class: 'visually-hidden' }, ` de l'import du ${dateTime(r.createdAt)}`)))
            : '—')))));
    } catch (e) {
      clear(history);
      showProblem(status, e);
    }
  }

  const form = h('form', { class: 'form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: fileId, class: 'label' }, 'Fichiers de l’annuaire'),
      h('p', { id: `${fileId}-hint`, class: 'hint' }, 'Les fichiers AAF (.xml) reçus de l’académie, une archive .zip, ou les extractions ONDE (.csv) d’une école.'),
      files),
    h('div', { class: 'field' },
      h('label', { for: uai.id, class: 'label' }, 'Établissement', h('span', { class: 'optional' }, ' (pour les fichiers ONDE)')),
      uai),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = Array.from(files.files ?? []);
    if (chosen.length === 0) { status.show('error', 'Choisissez au moins un fichier.'); files.focus(); return; }
    void withBusy(submit, 'Envoi…', async () => {
      try {
        const run = await app.api.post<ImportInfo>('admin/imports', { uai: uai.value || undefined });
        clear(progress);
        for (const f of chosen) {
          const bar = h('progress', { class: 'bar', max: 1, value: 0, 'aria-label': `Envoi de ${f.name}` });
          progress.append(h('p', {}, f.name), bar);
          await uploadFile(app, run.id, f, (x) => { bar.value = x; });
        }
        await app.api.post(`admin/imports/${encodeURIComponent(run.id)}/start`, {});
        status.show('info', "Fichiers envoyés : l'import commence.");
        form.reset();
        void followRun(run.id);
      } catch (err) {
        showProblem(status, err);
      }
    });
  });
  void loadHistory();

  // the LDAP sync follows its imports in its own section, with the same progress and confirmation
  const ldapStatus = liveRegion('polite');
  const ldapProgress = h('div', { class: 'progress-list' });
  const ldapFollower = importFollower(app, ldapProgress, ldapStatus);
  const ldap = ldapSection(app, (id, onEnd) => ldapFollower.follow(id, onEnd), () => { void loadHistory(); }, (a) => guardDownload(app, a));
  ldap.append(ldapStatus.root, ldapProgress);

  const node = h('div', {}, h('section', { class: 'panel', 'aria-labelledby': 'imports-title' },
    h('h2', { id: 'imports-title' }, icon('upload', 20), h('span', {}, "Import de l'annuaire")),
    h('p', { class: 'hint' }, 'Un export complet fait foi : les personnes absentes sont désactivées (jamais effacées). '
      + 'Si un export devait désactiver plus de 20 % des comptes, rien n’est écrit avant votre confirmation.'),
    form, status.root, progress,
    h('h3', {}, 'Imports précédents'), history), ldap);
  return { node, dispose: () => { follower.dispose(); ldapFollower.dispose(); } };
}

// ------------------------------------------------------------------------------------------- modules

type ModuleState = 'AVAILABLE' | 'INSTALLING' | 'INSTALLED' | 'UNINSTALLING' | 'FAILED';
interface ModuleInfo { id: string; name: string; version: string; state: ModuleState; upgrade: string | null; message: string | null }

const MODULE_STATES: Record<ModuleState, string> = {
  AVAILABLE: 'Disponible', INSTALLING: 'Installation…', INSTALLED: 'Installé', UNINSTALLING: 'Désinstallation…', FAILED: 'Échec',
};

function modulesSection(app: App): { node: HTMLElement; dispose: () => void } {
  const status = liveRegion('polite');
  const list = h('div', { class: 'results' }, skeleton(3));
  let timer = 0;
  let disposed = false;
  let shown = '';

  const act = (m: ModuleInfo, what: 'install' | 'uninstall' | 'upgrade', b: HTMLButtonElement) => {
    const words = {
      install: { title: `Installer « ${m.name} » ?`, text: 'Le module apparaîtra dans quelques secondes sur la page d’accueil des personnes qui peuvent s’en servir.', ok: 'Installer', done: 'Installation lancée.' },
      uninstall: { title: `Désinstaller « ${m.name} » ?`, text: 'Le module disparaîtra des pages de tous. Ses données sont gardées : le réinstaller les retrouve.', ok: 'Désinstaller', done: 'Désinstallation lancée.' },
      upgrade: { title: `Mettre à jour « ${m.name} » ?`, text: `La version ${m.upgrade ?? ''} remplacera la version ${m.version}. Le module est indisponible quelques secondes.`, ok: 'Mettre à jour', done: 'Mise à jour lancée.' },
    }[what];
    void confirmDialog({ title: words.title, message: words.text, confirmLabel: words.ok, danger: what === 'uninstall' }).then(async (yes) => {
      if (!yes) return;
      await withBusy(b, 'Envoi…', async () => {
        try {
          await app.api.post(`admin/modules/${encodeURIComponent(m.id)}/${what}`);
          status.show('info', words.done);
          void load();
        } catch (e) {
          showProblem(status, e);
        }
      });
    });
  };

  async function load(): Promise<void> {
    window.clearTimeout(timer);
    if (disposed) return;
    try {
      const { items } = await app.api.get<{ items: ModuleInfo[] }>('admin/modules');
      const text = JSON.stringify(items);
      if (text !== shown) {
        shown = text;
        clear(list);
        if (items.length === 0) {
          list.append(emptyState('Aucun module n’est proposé pour l’instant. L’académie les publie avec les mises à jour de la box.', 'layout-grid'));
        } else {
          list.append(tableRegion('Modules', ['Module', 'Version', 'État', 'Actions'], items.map((m) => {
            const actions = h('div', { class: 'row-actions' });
            const busy = m.state === 'INSTALLING' || m.state === 'UNINSTALLING';
            if (!busy && (m.state === 'AVAILABLE' || m.state === 'FAILED')) {
              const b = button('Installer', { variant: 'secondary', icon: 'circle-check', ariaLabel: `Installer ${m.name}` });
              b.addEventListener('click', () => act(m, 'install', b));
              actions.append(b);
            }
            if (!busy && m.state === 'INSTALLED' && m.upgrade) {
              const b = button(`Mettre à jour (${m.upgrade})`, { variant: 'secondary', icon: 'upload', ariaLabel: `Mettre à jour ${m.name}` });
              b.addEventListener('click', () => act(m, 'upgrade', b));
              actions.append(b);
            }
            if (!busy && m.state === 'INSTALLED') {
              const b = button('Désinstaller', { variant: 'ghost', icon: 'x', ariaLabel: `Désinstaller ${m.name}` });
              b.addEventListener('click', () => act(m, 'uninstall', b));
              actions.append(b);
            }
            return h('tr', {},
              h('td', {}, h('span', { class: 'strong' }, m.name), h('br', {}), h('span', { class: 'code hint' }, m.id)),
              h('td', { class: 'code' }, m.version),
              h('td', {}, MODULE_STATES[m.state], m.message ? h('p', { class: 'hint' }, m.message) : null),
              h('td', {}, actions));
          })));
        }
      }
      const running = items.some((m) => m.state === 'INSTALLING' || m.state === 'UNINSTALLING');
      timer = window.setTimeout(() => { void load(); }, running ? 1500 : 10000);
    } catch (e) {
      showProblem(status, e);
    }
  }
  void load();
  const node = h('section', { class: 'panel', 'aria-labelledby': 'modules-title' },
    h('h2', { id: 'modules-title' }, icon('layout-grid', 20), h('span', {}, 'Modules')),
    h('p', { class: 'hint' }, 'Les services de la box. Installer un module le rend visible aux profils concernés en quelques secondes, '
      + 'sans redémarrer ; le désinstaller garde ses données.'),
    status.root, list);
  return { node, dispose: () => { disposed = true; window.clearTimeout(timer); } };
}

// ------------------------------------------------------------------------------------------- search index

interface SearchStatus {
  state: 'READY' | 'INDEXING';
  message: string;
  documents: number;
  modules: { module: string; documents: number; state: string; listed: number; lastListed: string | null }[];
  rebuildReason: string | null;
  modulesDone: number;
  modulesTotal: number;
}

const SOURCE_STATES: Record<string, string> = {
  READY: 'À jour', LISTING: 'Indexation en cours', WAITING: 'En attente', FAILED: 'Échec : réessayez plus tard',
};
const REBUILD_REASONS: Record<string, string> = {
  MISSING: "L'index était absent : il a été reconstruit.", CORRUPT: "L'index était abîmé : il a été reconstruit.",
  REQUESTED: 'Reconstruction demandée depuis la console.',
};

/** The search module's index (only while the module is installed): counts, rebuild progress, « Reconstruire ». */
function searchIndexSection(app: App): { node: HTMLElement; dispose: () => void } {
  const status = liveRegion('polite');
  const body = h('div', { class: 'results' }, skeleton(2));
  const node = h('section', { class: 'panel', 'aria-labelledby': 'search-index-title', hidden: true },
    h('h2', { id: 'search-index-title' }, icon('search', 20), h('span', {}, 'Index de la recherche')),
    h('p', { class: 'hint' }, 'Ce que la recherche connaît de chaque service. La box le tient à jour seule ; reconstruisez-le '
      + 'seulement si des résultats semblent manquer.'),
    status.root, body);
  let timer = 0;
  let disposed = false;

  async function load(): Promise<void> {
    window.clearTimeout(timer);
    if (disposed) return;
    try {
      const s = await app.api.get<SearchStatus>('search/status');
      node.hidden = false;
      clear(body);
      body.append(h('p', {}, s.message));
      if (s.state === 'INDEXING') {
        body.append(h('progress', { max: String(Math.max(1, s.modulesTotal)), value: String(s.modulesDone),
          'aria-label': 'Avancement de l’indexation' }));
      } else if (s.rebuildReason && REBUILD_REASONS[s.rebuildReason]) {
        body.append(h('p', { class: 'hint' }, REBUILD_REASONS[s.rebuildReason]!));
      }
      body.append(tableRegion('Index de la recherche', ['Service', 'Éléments', 'État'], s.modules.map((m) => h('tr', {},
        h('td', {}, m.module === 'annuaire' ? 'Annuaire' : (app.catalogue?.find((c) => c.id === m.module)?.name ?? m.module)),
        h('td', {}, String(m.state === 'LISTING' ? m.listed : m.documents)),
        h('td', {}, SOURCE_STATES[m.state] ?? m.state)))));
      const rebuild = button('Reconstruire l’index', { variant: 'secondary', icon: 'refresh-cw' });
      rebuild.disabled = s.state === 'INDEXING';
      rebuild.addEventListener('click', () => {
        void confirmDialog({ title: 'Reconstruire l’index de la recherche ?', confirmLabel: 'Reconstruire',
          message: 'Les résultats seront incomplets pendant quelques minutes, le temps de relire chaque service.' }).then(async (yes) => {
          if (!yes) return;
          await withBusy(rebuild, 'Envoi…', async () => {
            try {
              await app.api.post('search/reindex');
              status.show('info', 'Reconstruction lancée.');
              void load();
            } catch (e) {
              showProblem(status, e);
            }
          });
        });
      });
      body.append(h('div', { class: 'row-actions' }, rebuild));
      timer = window.setTimeout(() => { void load(); }, s.state === 'INDEXING' ? 2000 : 15000);
    } catch (e) {
      if (e instanceof ProblemError && e.status === 404) {
        node.hidden = true; // the search module is not installed
        timer = window.setTimeout(() => { void load(); }, 15000);
        return;
      }
      showProblem(status, e);
    }
  }
  void load();
  return { node, dispose: () => { disposed = true; window.clearTimeout(timer); } };
}

// ------------------------------------------------------------------------------------------- journal

function dateField(label: string, name: string): { root: HTMLDivElement; input: HTMLInputElement } {
  const id = uid(name);
  const input = h('input', { id, name, type: 'date', class: 'input' });
  return { root: h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, label), input), input };
}

function journalSection(app: App): HTMLElement {
  const family = selectField('Actions', ACTION_FAMILIES);
  const actor = textField({ label: 'Identifiant', name: 'actor', maxlength: 64, spellcheck: false, autocapitalize: 'none' });
  const from = dateField('Du', 'from');
  const to = dateField('Au', 'to');
  const outcome = selectField('Résultat', [['', 'Tous'], ['true', 'Réussis'], ['false', 'Échoués']]);
  const status = liveRegion('polite');
  const results = h('div', { class: 'results' }, skeleton(4));
  // counts are announced, not shown above the list (the table's caption shows them; no layout shift)
  const counted = statusText();
  const pager = h('div', { class: 'pager actions' });
  const download = guardDownload(app, h('a', { class: 'btn btn-secondary', href: '#' }, icon('download', 18), h('span', {}, 'Télécharger (tableur CSV)')));
  let offset = 0;
  let latest = 0;

  const filters = () => ({
    action: family.select.value || undefined, actor: actor.value().trim() || undefined, from: from.input.value || undefined,
    to: to.input.value || undefined, success: outcome.select.value || undefined,
  });

  async function load(): Promise<void> {
    const request = ++latest;
    const query = filters();
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as Array<[string, string]>);
    download.setAttribute('href', `/api/v1/admin/audit/export${qs.toString() ? '?' + qs.toString() : ''}`);
    try {
      const page = await app.api.get<{ total: number; items: AuditItem[] }>('admin/audit', { query: { ...query, offset, limit: PAGE_SIZE } });
      if (request !== latest) return;
      clear(results);
      clear(pager);
      if (page.total === 0) {
        results.append(emptyState('Aucun événement ne correspond à ces critères.', 'shield-check'));
        counted.say('Aucun événement trouvé.');
        return;
      }
      results.append(tableRegion(`Journal, ${offset + 1} à ${offset + page.items.length} sur ${page.total}`,
        ['Date', 'Action', 'Personne', 'Objet', 'Adresse', 'Résultat'],
        page.items.map((e) => h('tr', {},
          h('td', {}, dateTime(e.at)),
          h('td', {}, ACTION_LABELS[e.action] ?? e.action),
          h('td', {}, e.actor ? `${e.actor.displayName} (${e.actor.login})` : '—'),
          h('td', {}, e.subjectPerson ? `${e.subjectPerson.displayName} (${e.subjectPerson.login})` : h('span', { class: 'code' }, e.subject ?? '—')),
          h('td', { class: 'code' }, e.address ?? '—'),
          h('td', {}, e.success ? 'Réussi' : `Échoué${e.details.reason ? ` (${REASON_LABELS[e.details.reason] ?? e.details.reason})` : ''}`)))));
      counted.say(`${plural(page.total, 'événement', 'événements')} : ${offset + 1} à ${offset + page.items.length} affichés.`);
      pagerButtons(pager, offset, page.items.length, page.total, (next) => { offset = next; void load(); });
    } catch (e) {
      if (request !== latest) return;
      clear(results);
      showProblem(status, e);
    }
  }

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filtrer le journal' },
    family.root, actor.root, from.root, to.root, outcome.root,
    h('div', { class: 'actions' }, button('Filtrer', { type: 'submit', icon: 'search' })));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; void load(); });
  for (const el of [family.select, outcome.select, from.input, to.input]) el.addEventListener('change', () => { offset = 0; void load(); });
  void load();
  return h('section', { class: 'panel', 'aria-labelledby': 'journal-title' },
    h('h2', { id: 'journal-title' }, icon('shield-check', 20), h('span', {}, 'Journal')),
    h('p', { class: 'hint' }, 'Connexions, actions d’administration et consultations de données personnelles, '
      + 'avec l’heure et l’adresse. Aucun mot de passe ni code n’y figure. Votre lecture du journal y est elle-même notée.'),
    form, status.root, counted.root, h('div', { class: 'actions' }, download), results, pager);
}

// ------------------------------------------------------------------------------------------- statistics

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG chart read as one image by assistive technologies, and a maker of its elements. */
function svgChart(width: number, height: number, className: string, label: string) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', className);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const el = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  return { svg, el };
}

/** A bar chart of the 48 half hours, drawn in SVG; the numbers are also in a table below it. */
function connectionsChart(data: Connections): SVGSVGElement {
  const width = 960;
  const height = 240;
  const left = 36;
  const bottom = 28;
  const max = Math.max(1, ...data.slots.map((x) => x.people));
  const busiest = data.slots.reduce((a, b) => (b.people > a.people ? b : a), data.slots[0]!);
  const { svg, el } = svgChart(width, height, 'chart', `Connexions par demi-heure le ${new Date(data.day).toLocaleDateString('fr-FR')} : `
    + `${plural(data.people, 'personne', 'personnes')} dans la journée, au plus ${busiest.people} à ${busiest.start}.`);
  const plotW = width - left - 8;
  const plotH = height - bottom - 12;
  const step = plotW / data.slots.length;
  for (const frac of [0, 0.5, 1]) {
    const y = 12 + plotH * (1 - frac);
    el('line', { x1: left, x2: width - 8, y1: y, y2: y, class: 'chart-grid' });
    el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-label' }, String(Math.round(max * frac)));
  }
  data.slots.forEach((slot, i) => {
    const hgt = (slot.people / max) * plotH;
    el('rect', { x: left + i * step + 1, y: 12 + plotH - hgt, width: Math.max(1, step - 2), height: hgt, class: 'chart-bar', rx: 2 });
    if (i % 4 === 0) el('text', { x: left + i * step, y: height - 8, class: 'chart-label' }, slot.start.replace(':00', ' h'));
  });
  return svg;
}

function statisticsSection(app: App, schools: SchoolInfo[]): HTMLElement {
  const mine = app.session!.person.school.uai;
  const school = selectField('Établissement', schools.map((s) => [s.uai, `${s.name} (${s.uai})`]), mine);
  const day = dateField('Jour', 'day');
  day.input.value = schoolDay();
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(4));
  let latest = 0;

  async function load(): Promise<void> {
    const request = ++latest;
    try {
      const data = await app.api.get<Connections>('admin/statistics/connections', {
        query: { school: school.select.value, day: day.input.value || undefined },
      });
      if (request !== latest) return;
      clear(body);
      status.show('info', `${plural(data.people, 'personne s’est connectée', 'personnes se sont connectées')} ce jour-là.`);
      const busy = data.slots.filter((x) => x.people > 0);
      body.append(connectionsChart(data),
        busy.length === 0 ? emptyState('Personne ne s’est connecté ce jour-là.', 'chart-column')
          : tableRegion('Connexions par demi-heure', ['Demi-heure', 'Personnes', ...Object.keys(PROFILE_LABELS).map((p) => PROFILE_LABELS[p as ProfileCode])],
            busy.map((x) => h('tr', {}, h('td', {}, x.start), h('td', {}, String(x.people)),
              ...(Object.keys(PROFILE_LABELS) as ProfileCode[]).map((p) => h('td', {}, String(x.byProfile[p] ?? 0)))))));
    } catch (e) {
      if (request !== latest) return;
      clear(body);
      showProblem(status, e);
    }
  }
  const form = h('form', { class: 'filters', 'aria-label': 'Choisir le jour' }, schools.length > 1 ? school.root : null, day.root);
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(); });
  for (const el of [school.select, day.input]) el.addEventListener('change', () => { void load(); });
  void load();
  return h('div', {},
    h('section', { class: 'panel', 'aria-labelledby': 'stats-title' },
      h('h2', { id: 'stats-title' }, icon('chart-column', 20), h('span', {}, 'Connexions')),
      h('p', { class: 'hint' }, 'Le nombre de personnes différentes connectées à chaque demi-heure, par profil. Personne n’y est nommé.'),
      form, status.root, body),
    pagesSection(app, schools));
}

/** The longest period the box accepts, in days. */
export const MAX_PERIOD_DAYS = 366;
/** Pages drawn in the chart (the table lists them all). */
const CHART_PAGES = 10;

/** Days from `from` to `to`, both included; NaN when one is missing. */
export function periodDays(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}

/** Why a period cannot be asked for, in words; null when it is fine. */
export function periodProblem(from: string, to: string): string | null {
  if (!from || !to) return 'Choisissez le premier et le dernier jour de la période.';
  const days = periodDays(from, to);
  if (Number.isNaN(days)) return 'Ces dates ne sont pas lisibles : choisissez-les dans le calendrier.';
  if (days < 1) return 'Le premier jour de la période est après le dernier : choisissez un début avant la fin.';
  if (days > MAX_PERIOD_DAYS) return `Cette période est trop longue : choisissez ${MAX_PERIOD_DAYS} jours au plus.`;
  return null;
}

/** A horizontal bar per page, the most opened first, drawn in SVG; the numbers are also in the table below it. */
function pagesChart(data: PageViewsAnswer): SVGSVGElement {
  const items = data.items.slice(0, CHART_PAGES);
  const width = 960;
  const labelW = 260;
  const rowH = 30;
  const height = items.length * rowH + 8;
  const max = Math.max(1, ...items.map((x) => x.views));
  const { svg, el } = svgChart(width, height, 'chart chart-pages',
    `Pages les plus ouvertes du ${formatDay(data.from, { year: true })} au ${formatDay(data.to, { year: true })} : `
    + items.slice(0, 3).map((x) => `${x.label}, ${plural(x.views, 'ouverture', 'ouvertures')}`).join(' ; ')
    + (items.length > 3 ? ' ; le détail est dans le tableau ci-dessous.' : '.'));
  const plotW = width - labelW - 70;
  items.forEach((x, i) => {
    const y = 4 + i * rowH;
    const label = x.label.length > 30 ? `${x.label.slice(0, 29)}…` : x.label;
    el('text', { x: labelW - 8, y: y + rowH / 2 + 5, 'text-anchor': 'end', class: 'chart-label chart-label-lg' }, label);
    const w = Math.max(2, (x.views / max) * plotW);
    el('rect', { x: labelW, y: y + 4, width: w, height: rowH - 10, class: 'chart-bar', rx: 3 });
    el('text', { x: labelW + w + 6, y: y + rowH / 2 + 5, class: 'chart-label chart-label-lg' }, String(x.views));
  });
  return svg;
}

/** The pages and modules most opened over a period, by profile. */
function pagesSection(app: App, schools: SchoolInfo[]): HTMLElement {
  const mine = app.session!.person.school.uai;
  const school = selectField('Établissement', schools.map((s) => [s.uai, `${s.name} (${s.uai})`]), mine);
  const from = dateField('Du', 'pages-from');
  const to = dateField('Au', 'pages-to');
  const now = new Date();
  to.input.value = schoolDay(now);
  from.input.value = schoolDay(now, -29);
  for (const f of [from, to]) f.input.max = to.input.value;
  const errorId = uid('period-error');
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(4));
  const show = button('Afficher', { type: 'submit', icon: 'chart-column' });
  let latest = 0;

  const setError = (message: string | null) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    for (const f of [from, to]) {
      if (message) { f.input.setAttribute('aria-invalid', 'true'); f.input.setAttribute('aria-describedby', errorId); }
      else { f.input.removeAttribute('aria-invalid'); f.input.removeAttribute('aria-describedby'); }
    }
  };

  async function load(): Promise<void> {
    const problem = periodProblem(from.input.value, to.input.value);
    setError(problem);
    if (problem) { from.input.focus(); return; }
    const request = ++latest;
    try {
      const data = await app.api.get<PageViewsAnswer>('admin/statistics/pages', {
        query: { school: school.select.value, from: from.input.value, to: to.input.value },
      });
      if (request !== latest) return;
      clear(body);
      if (data.items.length === 0) {
        status.show('info', 'Aucune page n’a été ouverte pendant cette période.');
        body.append(emptyState('Aucune page ouverte pendant cette période. Essayez une période plus longue.', 'chart-column'));
        return;
      }
      status.show('info', `${plural(data.views, 'ouverture de page', 'ouvertures de pages')} pendant cette période, `
        + `${plural(data.items.length, 'page ou service différent', 'pages ou services différents')}.`);
      const profiles = (Object.keys(PROFILE_LABELS) as ProfileCode[]).filter((p) => data.items.some((x) => (x.byProfile[p] ?? 0) > 0));
      body.append(pagesChart(data),
        tableRegion('Pages et services les plus ouverts, par profil', ['Page ou service', 'Ouvertures', ...profiles.map((p) => PROFILE_LABELS[p])],
          data.items.map((x) => h('tr', {}, h('th', { scope: 'row' }, x.label), h('td', { class: 'num' }, String(x.views)),
            ...profiles.map((p) => h('td', { class: 'num' }, String(x.byProfile[p] ?? 0)))))));
    } catch (e) {
      if (request !== latest) return;
      clear(body);
      if (e instanceof ProblemError && (e.code === 'period-too-long' || e.code === 'invalid-period' || e.code === 'invalid-date')) setError(e.title);
      showProblem(status, e);
    }
  }
  const form = h('form', { class: 'filters', 'aria-label': 'Choisir la période', novalidate: true },
    schools.length > 1 ? school.root : null, from.root, to.root, h('div', { class: 'actions' }, show));
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(); });
  school.select.addEventListener('change', () => { void load(); });
  void load();
  return h('section', { class: 'panel', 'aria-labelledby': 'pages-title' },
    h('h2', { id: 'pages-title' }, icon('chart-column', 20), h('span', {}, 'Pages et services les plus ouverts')),
    h('p', { class: 'hint' }, 'Combien de fois chaque page du portail et chaque service ont été ouverts pendant la période '
      + `choisie (${MAX_PERIOD_DAYS} jours au plus), par profil. Seuls des totaux sont gardés : personne n’y est nommé. `
      + 'Ils sont effacés au bout de 13 mois.'),
    form, error, status.root, body);
}

// ------------------------------------------------------------------------------------------- schools

/** The mail module's moderation of pupils' mail for one school (GET/PUT /api/v1/mail/moderation/settings). */
interface ModerationSetting { uai: string; name: string; degree: string | null; enabled: boolean; byDefault: boolean }

/**
 * « Faire valider les messages des élèves » for one school: shown to the referent only while the mail module answers
 * (uninstalled: nothing). Saved as soon as it is ticked or unticked; the box notes it in the journal.
 */
function moderationBlock(app: App, s: SchoolInfo, settings: Promise<ModerationSetting[] | null>): HTMLElement {
  const box = h('div', {});
  void settings.then((all) => {
    const mine = all?.find((x) => x.uai === s.uai);
    if (!mine) return;
    const id = `moderation-${s.uai}`;
    const status: LiveRegion = liveRegion('polite');
    const input = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-hint` }) as HTMLInputElement;
    input.checked = mine.enabled;
    input.addEventListener('change', () => {
      const wanted = input.checked;
      input.disabled = true;
      app.api.put<ModerationSetting>(`mail/moderation/settings/${encodeURIComponent(s.uai)}`, { enabled: wanted })
        .then((saved) => {
          input.checked = saved.enabled;
          status.show('success', saved.enabled ? 'Les messages des élèves attendront l’accord d’un enseignant avant de partir.'
            : 'Les messages des élèves partiront sans validation.');
        })
        .catch((err: unknown) => { input.checked = !wanted; showProblem(status, err); })
        .finally(() => { input.disabled = false; });
    });
    box.append(h('div', { class: 'check' }, input,
      h('div', {}, h('label', { for: id }, 'Faire valider les messages des élèves par un enseignant avant leur envoi'),
        h('p', { class: 'hint', id: `${id}-hint` }, 'Messagerie : un enseignant de l’élève, ou la direction, accepte ou refuse chaque message. '
          + `Par défaut : ${mine.byDefault ? 'activé (école)' : 'désactivé (collège ou lycée)'}.`))), status.root);
  });
  return box;
}

function schoolsSection(app: App, schools: SchoolInfo[], referent: boolean): HTMLElement {
  const list = h('div', { class: 'school-list' });
  const moderation: Promise<ModerationSetting[] | null> = referent
    ? app.api.get<ModerationSetting[]>('mail/moderation/settings').catch(() => null) : Promise.resolve(null);
  const mine = app.session!.person.school.uai;
  for (const s of [...schools].sort((a, b) => Number(b.uai === mine) - Number(a.uai === mine))) {
    const status: LiveRegion = liveRegion('polite');
    const domain = textField({ label: 'Domaine de messagerie', name: `domain-${s.uai}`, value: s.mailDomain, spellcheck: false, required: true,
      autocapitalize: 'none', hint: `Les adresses des personnes seront identifiant@domaine, par exemple prenom.nom@${s.mailDomain}.` });
    domain.input.readOnly = !referent;
    const save = button('Enregistrer', { type: 'submit', icon: 'circle-check' });
    const form = h('form', { class: 'form', novalidate: true }, domain.root, status.root, referent ? h('div', { class: 'actions' }, save) : null);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void withBusy(save, 'Enregistrement…', async () => {
        try {
          const saved = await app.api.put<SchoolInfo>(`admin/schools/${encodeURIComponent(s.uai)}/mail-domain`, { domain: domain.value() });
          domain.setError(null);
          domain.input.value = saved.mailDomain;
          status.show('success', 'Domaine de messagerie enregistré.');
        } catch (err) {
          if (err instanceof ProblemError) domain.setError(err.title);
          showProblem(status, err);
        }
      });
    });
    list.append(h('article', { class: 'school' },
      h('h3', {}, s.name),
      h('dl', { class: 'facts' }, h('dt', {}, 'UAI'), h('dd', { class: 'code' }, s.uai),
        h('dt', {}, 'Type'), h('dd', {}, s.demo ? 'Établissement de démonstration' : 'Établissement')),
      logoBlock(app, s, referent),
      form,
      moderationBlock(app, s, moderation)));
  }
  return h('div', {},
    h('section', { class: 'panel', 'aria-labelledby': 'schools-title' },
      h('h2', { id: 'schools-title' }, icon('school', 20), h('span', {}, 'Établissements de la box')), list),
    referent ? legalSection(app) : null);
}

/** Logo rules, as the box checks them. */
export const LOGO_MAX_BYTES = 512 * 1024;

/** A school's logo: shown to everyone in the header and on the login page; the referent puts or removes it. */
function logoBlock(app: App, s: SchoolInfo, referent: boolean): HTMLElement {
  const status = liveRegion('polite');
  const preview = h('div', { class: 'logo-preview' });
  const picker = filePicker({ label: `Logo de ${s.name}`, name: `logo-${s.uai}`, accept: ['.png', '.jpg', '.jpeg'],
    maxSize: LOGO_MAX_BYTES, hint: 'Affiché en haut de chaque page et sur la page de connexion ; 4 000 pixels de côté au plus.' });
  const send = button('Enregistrer le logo', { icon: 'upload' });
  const remove = button('Retirer le logo', { variant: 'danger', icon: 'trash' });
  const render = () => {
    const mine = (app.logos ?? []).find((l) => l.uai === s.uai);
    clear(preview);
    remove.hidden = !mine || !referent;
    preview.append(mine ? h('img', { src: mine.logo, alt: `Logo actuel de ${s.name}`, height: 64 })
      : h('p', { class: 'hint' }, 'Pas encore de logo : le symbole de Préau est affiché à sa place.'));
  };
  render();
  if (app.logos === null) void app.loadLogos().then(render);
  send.addEventListener('click', () => {
    if (!picker.validate()) return;
    if (picker.files().length === 0) { picker.setError('Choisissez d’abord une image PNG ou JPEG.'); return; }
    void withBusy(send, 'Envoi…', async () => {
      const [result] = await picker.upload(app.api, `schools/${encodeURIComponent(s.uai)}/logo`, { method: 'PUT' });
      if (result?.ok) {
        picker.clear();
        await app.logosChanged();
        render();
        status.show('success', 'Logo enregistré : il apparaît maintenant en haut des pages et sur la page de connexion.');
      } else if (result?.error) {
        status.show('error', result.error);
      }
    });
  });
  remove.addEventListener('click', () => {
    void (async () => {
      const ok = await confirmDialog({ title: 'Retirer le logo ?', message: `Le logo de ${s.name} ne sera plus affiché ; vous pourrez en remettre un à tout moment.`,
        confirmLabel: 'Retirer le logo', danger: true });
      if (!ok) return;
      await withBusy(remove, 'Retrait…', async () => {
        try {
          await app.api.delete(`schools/${encodeURIComponent(s.uai)}/logo`);
          await app.logosChanged();
          render();
          status.show('success', 'Logo retiré.');
        } catch (e) {
          showProblem(status, e);
        }
      });
    })();
  });
  return h('div', { class: 'school-logo-block' },
    h('h4', {}, 'Logo'),
    preview,
    referent ? h('div', {}, picker.root, h('div', { class: 'actions' }, send, remove)) : null,
    status.root);
}

function legalSection(app: App): HTMLElement {
  const host = textField({ label: 'Hébergeur', name: 'host', required: true, maxlength: 300, hint: 'Qui héberge le serveur, par exemple le collège lui-même.' });
  const address = textField({ label: 'Adresse de l’hébergeur', name: 'hostAddress', required: true, maxlength: 300 });
  const director = textField({ label: 'Directrice ou directeur de la publication', name: 'publicationDirector', required: true,
    maxlength: 300, hint: 'En général le chef d’établissement, par exemple « Anne Verger, principale ».' });
  const contact = textField({ label: 'Contact', name: 'contact', required: true, maxlength: 300, hint: 'Une adresse de courriel ou un téléphone.' });
  const status = liveRegion('polite');
  const save = button('Enregistrer les mentions légales', { type: 'submit', icon: 'circle-check' });
  // the fields wait for the saved mentions, so that nothing typed meanwhile is overwritten
  const fields = [host, address, director, contact];
  for (const f of fields) f.input.disabled = true;
  save.disabled = true;
  app.api.get<LegalMentions>('legal').then((m) => {
    host.input.value = m.host;
    address.input.value = m.hostAddress;
    director.input.value = m.publicationDirector;
    contact.input.value = m.contact;
  }).catch((e: unknown) => showProblem(status, e)).finally(() => {
    for (const f of fields) f.input.disabled = false;
    save.disabled = false;
  });
  const form = h('form', { class: 'form', novalidate: true }, host.root, address.root, director.root, contact.root, status.root,
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!requireFilled([[host, 'Indiquez l’hébergeur.'], [address, 'Indiquez son adresse.'],
      [director, 'Indiquez la directrice ou le directeur de la publication.'], [contact, 'Indiquez un contact.']])) return;
    void withBusy(save, 'Enregistrement…', async () => {
      try {
        await app.api.put('legal', { host: host.value(), hostAddress: address.value(), publicationDirector: director.value(),
          contact: contact.value() });
        status.show('success', 'Mentions légales enregistrées : elles sont visibles en bas de chaque page.');
      } catch (err) {
        showProblem(status, err);
      }
    });
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'legal-title' },
    h('h2', { id: 'legal-title' }, icon('file-text', 20), h('span', {}, 'Mentions légales')),
    h('p', { class: 'hint' }, 'Affichées à tous, connectés ou non, par le lien « Mentions légales » en bas de chaque page.'),
    form);
}

// ------------------------------------------------------------------------------------------- page

export const consolePage: PageFn = (app, route) => {
  const profiles = app.session!.person.profiles;
  const referent = profiles.includes('REFERENT');
  const sections = SECTIONS.filter((s) => referent || !s.referentOnly);
  const current = sections.find((s) => s.id === route.params.section) ?? sections[0]!;
  const body = h('div', {}, skeleton(4));
  let dispose = () => {};

  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Rubriques de la console' },
    h('ul', {}, ...sections.map((s) => h('li', {},
      h('a', { href: `#/console/${s.id}`, class: `tab ${s === current ? 'is-current' : ''}`, 'aria-current': s === current ? 'page' : undefined },
        icon(s.icon, 18), h('span', {}, s.label))))));

  if (!mayUseConsole(profiles)) {
    clear(body);
    body.append(alert('info', 'Cette page est réservée au référent numérique et à la direction : vous n’en avez pas besoin '
      + 'pour vos services. Pour une question sur votre compte, adressez-vous au référent numérique.', 'Console réservée'),
    h('p', {}, h('a', { href: '#/' }, 'Revenir à l’accueil')));
  } else {
    app.api.get<SchoolInfo[]>('admin/schools').then((schools) => {
      clear(body);
      if (current.id === 'comptes' && route.params.login) body.append(accountDetail(app, route.params.login, referent));
      else if (current.id === 'comptes') body.append(accountsSection(app, schools, referent));
      else if (current.id === 'etat') body.append(healthSection(app, referent));
      else if (current.id === 'sauvegardes') {
        const b = backupsSection(app);
        body.append(b.node);
        dispose = b.dispose;
      }
      else if (current.id === 'imports') {
        const s = importsSection(app, schools);
        body.append(s.node);
        dispose = s.dispose;
      } else if (current.id === 'modules') {
        const m = modulesSection(app);
        const index = searchIndexSection(app);
        body.append(m.node, index.node);
        dispose = () => { m.dispose(); index.dispose(); };
      } else if (current.id === 'mises-a-jour') {
        const u = updatesSection(app);
        body.append(u.node);
        dispose = u.dispose;
      } else if (current.id === 'statistiques') body.append(statisticsSection(app, schools));
      else if (current.id === 'journal') body.append(journalSection(app));
      else if (current.id === 'communication') body.append(communicationSection(app, schools));
      else if (current.id === 'composants') {
        // only the referent opens it: loaded on demand, it does not weigh on everyone's portal
        void import('./kit-showcase.js').then((m) => body.append(m.kitShowcase(app)),
          () => body.append(alert('error', 'Cette page n’a pas pu être chargée. Rechargez la page.')));
      }
      else body.append(schoolsSection(app, schools, referent));
    }).catch((e: unknown) => {
      clear(body);
      body.append(alert('error', e instanceof ProblemError ? e.title : 'La console n’a pas pu être chargée. Rechargez la page.'));
    });
  }

  // the page's head is the shell's (drawn before this code arrives): see consoleHead
  const node = h('div', { class: 'console-content' }, mayUseConsole(profiles) ? tabs : null, body);
  return { title: route.params.login ? `Console – Compte ${route.params.login}` : `Console – ${current.label}`, node, layout: 'signed-in', dispose: () => dispose() };
};
