/**
 * The console's LDAP sync section (tab « Import de l'annuaire »): where it stands and how the last
 * sync ended, its settings (the advanced ones folded), « Tester la connexion », « Enregistrer »,
 * « Synchroniser maintenant ». The box checks every value again; the bind password is never sent
 * back to the browser.
 */
import type { App } from '../app.js';
import { ProblemError } from '../api.js';
import { h, clear, uid } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { button, liveRegion, skeleton, textField, withBusy, type TextField } from '../ui/kit.js';
import { showProblem } from './forms.js';

/** The settings as GET /admin/ldap/settings gives them. */
export interface LdapSettings {
  url: string; startTls: boolean; bindDn: string; baseDn: string;
  structureBase: string; structureFilter: string; subjectBase: string; subjectFilter: string; mefBase: string; mefFilter: string;
  personnelBase: string; personnelFilter: string; responsableBase: string; responsableFilter: string;
  eleveBase: string; eleveFilter: string; attributeMapping: string;
  pageSize: number; intervalMinutes: number; connectTimeoutSeconds: number; readTimeoutSeconds: number;
  passwordSet: boolean;
}
export interface LastSync { startedAt: string; finishedAt: string | null; ok: boolean; importId: string | null; message: string | null }
export interface LdapStatus { configured: boolean; last: LastSync | null }
export interface Diagnosis { ok: boolean; message: string; structures: number; people: number }

type TextKey = 'url' | 'bindDn' | 'baseDn' | 'structureBase' | 'structureFilter' | 'subjectBase' | 'subjectFilter' | 'mefBase'
  | 'mefFilter' | 'personnelBase' | 'personnelFilter' | 'responsableBase' | 'responsableFilter' | 'eleveBase' | 'eleveFilter'
  | 'attributeMapping';
type NumberKey = 'pageSize' | 'connectTimeoutSeconds' | 'readTimeoutSeconds';
/** A field of the form, by the name of the setting it edits. */
export type FieldKey = TextKey | NumberKey | 'password' | 'startTls' | 'intervalMinutes';

/** What the form holds, as typed. */
export interface LdapForm {
  values: Record<TextKey, string> & Record<NumberKey, string> & { startTls: boolean; intervalMinutes: string };
  password: string;
  removePassword: boolean;
}

/** The categories of the directory, in the words of the form. */
const CATEGORIES: Array<{ key: 'structure' | 'subject' | 'mef' | 'personnel' | 'responsable' | 'eleve'; plural: string }> = [
  { key: 'structure', plural: 'établissements' }, { key: 'personnel', plural: 'personnels' },
  { key: 'responsable', plural: 'responsables' }, { key: 'eleve', plural: 'élèves' },
  { key: 'subject', plural: 'matières' }, { key: 'mef', plural: 'MEF' },
];

/** Choices of the automatic sync (minutes); another stored value is shown as it is. */
export const INTERVALS: Array<[number, string]> = [
  [0, 'Non : seulement quand je clique sur « Synchroniser maintenant »'],
  [60, 'Toutes les heures'], [360, 'Toutes les 6 heures'], [1440, 'Une fois par jour'], [10080, 'Une fois par semaine'],
];

export function intervalLabel(minutes: number): string {
  return INTERVALS.find(([m]) => m === minutes)?.[1] ?? `Toutes les ${minutes} minutes`;
}

/**
 * The body of PUT /admin/ldap/settings and POST /admin/ldap/test: every field, numbers as numbers;
 * the password only when typed (absent = keep the stored one), "" when it is to be removed.
 */
export function settingsBody(form: LdapForm): Record<string, unknown> {
  const v = form.values;
  const body: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (k === 'startTls') body[k] = value;
    else if (k === 'pageSize' || k === 'connectTimeoutSeconds' || k === 'readTimeoutSeconds' || k === 'intervalMinutes') {
      body[k] = Number(String(value).trim());
    } else body[k] = String(value).trim();
  }
  if (form.removePassword) body.password = '';
  else if (form.password !== '') body.password = form.password;
  return body;
}

/** The checks the browser can make before asking the box (which checks everything again). */
export function formProblems(form: LdapForm): Array<[FieldKey, string]> {
  const v = form.values;
  const problems: Array<[FieldKey, string]> = [];
  const url = v.url.trim();
  if (url && !url.split(/\s+/).every((u) => /^ldaps?:\/\/[^\s/]+\/?$/i.test(u))) {
    problems.push(['url', 'L’adresse doit commencer par ldap:// ou ldaps:// suivi du nom du serveur, par exemple ldaps://annuaire.ac-exemple.fr:636.']);
  }
  if (url && !v.baseDn.trim()) problems.push(['baseDn', 'Indiquez la base DN de l’annuaire, par exemple dc=ac-exemple,dc=fr.']);
  const whole = (key: NumberKey, min: number, max: number, what: string) => {
    const text = v[key].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) problems.push([key, `${what} : indiquez un nombre entier entre ${min} et ${max.toLocaleString('fr-FR')}.`]);
  };
  whole('pageSize', 1, 100_000, 'Taille des pages');
  whole('connectTimeoutSeconds', 1, 3600, 'Délai de connexion');
  whole('readTimeoutSeconds', 1, 3600, 'Délai de lecture');
  return problems;
}

/** The field a French problem title of the box is about (to show it there), or null. */
export function problemField(title: string): FieldKey | null {
  const t = title.toLowerCase();
  if (t.includes('mot de passe')) return 'password';
  if (t.startsWith('adresse du serveur')) return 'url';
  if (t.includes('starttls')) return 'startTls';
  if (t.startsWith('dn de connexion')) return 'bindDn';
  if (t.includes('base dn')) return 'baseDn';
  for (const c of CATEGORIES) {
    if (t.startsWith(`filtre ldap invalide pour les ${c.plural.toLowerCase()}`) || t.startsWith(`le filtre des ${c.plural.toLowerCase()}`)) {
      return `${c.key}Filter` as FieldKey;
    }
    if (t.startsWith(`base des ${c.plural.toLowerCase()}`)) return `${c.key}Base` as FieldKey;
  }
  if (t.includes('correspondance') || t.startsWith('l’attribut ldap') || t.startsWith("l'attribut ldap")) return 'attributeMapping';
  if (t.includes('taille des pages')) return 'pageSize';
  if (t.includes('intervalle')) return 'intervalMinutes';
  if (t.includes('délais')) return 'connectTimeoutSeconds';
  return null;
}

/** Where the sync stands, in one line. */
export function stateText(status: LdapStatus, settings: LdapSettings): string {
  if (!settings.url) return 'Non configurée : la box ne lit pas l’annuaire LDAP.';
  if (!status.configured) return 'Réglages incomplets : corrigez-les ci-dessous, la synchronisation est arrêtée en attendant.';
  return settings.intervalMinutes > 0
    ? `Configurée : synchronisation automatique (${intervalLabel(settings.intervalMinutes).toLowerCase()}) et à la demande.`
    : 'Configurée : synchronisation à la demande.';
}

/** How the last sync ended, in one word. */
export function outcomeText(last: LastSync): string {
  if (!last.finishedAt) return 'En cours';
  return last.ok ? 'Réussie' : 'Échouée';
}

function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'full', timeStyle: 'short' });
}

/** Follows an import until it ends (the imports page's progress, result and confirmation). */
export type FollowImport = (id: string, onEnd: () => void) => void;

interface FormField { root: HTMLElement; input: HTMLInputElement | HTMLSelectElement; setError(message: string | null): void }

function numberField(label: string, name: string, hint: string): TextField {
  const f = textField({ label, name, hint, inputmode: 'numeric', maxlength: 6, required: true });
  f.input.classList.add('input-short');
  return f;
}

/** The « Synchronisation avec l'annuaire LDAP de l'académie » section. */
export function ldapSection(app: App, follow: FollowImport, onImportEnd: () => void,
  download: (a: HTMLAnchorElement) => HTMLAnchorElement = (a) => a): HTMLElement {
  const state = h('div', { class: 'results' }, skeleton(3));
  const status = liveRegion('polite');
  const diagnosis = liveRegion('polite');
  let saved = '';

  const url = textField({ label: 'Adresse du serveur', name: 'url', spellcheck: false, autocapitalize: 'off', maxlength: 500,
    hint: 'Donnée par l’académie, par exemple ldaps://annuaire.ac-exemple.fr:636. Videz ce champ pour arrêter la synchronisation.' });
  const startTlsId = uid('starttls');
  const startTls = h('input', { type: 'checkbox', id: startTlsId, 'aria-describedby': `${startTlsId}-hint` });
  const startTlsRoot = h('div', { class: 'check' }, startTls,
    h('div', {}, h('label', { for: startTlsId }, 'Chiffrer la connexion avec StartTLS'),
      h('p', { id: `${startTlsId}-hint`, class: 'hint' }, 'Seulement pour une adresse ldap:// (une adresse ldaps:// est déjà chiffrée).'),
      h('p', { id: `${startTlsId}-error`, class: 'field-error', hidden: true })));
  const bindDn = textField({ label: 'Compte de lecture (DN de connexion)', name: 'bindDn', spellcheck: false, autocapitalize: 'off', maxlength: 500,
    hint: 'Par exemple cn=ent-preau,ou=services,dc=ac-exemple,dc=fr. Laissé vide, la connexion est anonyme.' });
  const password = textField({ label: 'Mot de passe du compte de lecture', name: 'ldap-password', type: 'password', autocomplete: 'new-password',
    maxlength: 500, hint: 'Aucun mot de passe n’est enregistré.' });
  const passwordHint = password.root.querySelector<HTMLElement>('.hint')!;
  const savedBadge = h('span', { class: 'badge badge-active', hidden: true }, 'mot de passe enregistré');
  password.root.querySelector('label')!.append(' ', savedBadge);
  const removeId = uid('remove-password');
  const remove = h('input', { type: 'checkbox', id: removeId });
  const removeRoot = h('div', { class: 'check', hidden: true }, remove, h('label', { for: removeId }, 'Supprimer le mot de passe enregistré'));
  // removing the stored password and typing a new one at once would contradict each other
  remove.addEventListener('change', () => {
    password.input.disabled = remove.checked;
    if (remove.checked) password.input.value = '';
  });
  const baseDn = textField({ label: 'Base DN (racine de l’annuaire)', name: 'baseDn', spellcheck: false, autocapitalize: 'off', maxlength: 500,
    hint: 'Obligatoire dès qu’une adresse de serveur est indiquée, par exemple dc=ac-exemple,dc=fr.' });
  const intervalId = uid('interval');
  const interval = h('select', { id: intervalId, class: 'input', 'aria-describedby': `${intervalId}-hint` });
  const intervalRoot = h('div', { class: 'field' }, h('label', { for: intervalId, class: 'label' }, 'Synchronisation automatique'),
    h('p', { id: `${intervalId}-hint`, class: 'hint' }, 'La box relit l’annuaire à ce rythme. Chaque synchronisation est un import complet.'),
    interval, h('p', { id: `${intervalId}-error`, class: 'field-error', hidden: true }));

  const advanced: Partial<Record<FieldKey, TextField>> = {};
  const advancedFields: HTMLElement[] = [];
  for (const c of CATEGORIES) {
    const base = textField({ label: `Base des ${c.plural}`, name: `${c.key}Base`, spellcheck: false, autocapitalize: 'off', maxlength: 500,
      hint: 'Relative à la base DN (par exemple ou=eleves) ou complète ; vide = la base DN.' });
    const filter = textField({ label: `Filtre des ${c.plural}`, name: `${c.key}Filter`, spellcheck: false, autocapitalize: 'off', maxlength: 2000,
      hint: c.key === 'structure'
        ? 'Obligatoire. Restreignez-le aux établissements de la box, par exemple (&(objectClass=ENTEtablissement)(ENTStructureUAI=0999999Z)).'
        : c.key === 'subject' || c.key === 'mef' ? `Vide = les ${c.plural} ne sont pas lus dans l’annuaire.` : `Vide = les ${c.plural} ne sont pas lus.` });
    advanced[`${c.key}Base` as FieldKey] = base;
    advanced[`${c.key}Filter` as FieldKey] = filter;
    advancedFields.push(base.root, filter.root);
  }
  const mapping = textField({ label: 'Correspondance des attributs', name: 'attributeMapping', spellcheck: false, autocapitalize: 'off',
    maxlength: 2000, hint: 'Seulement si l’annuaire n’utilise pas les noms AAF : attributAAF=attributLDAP, séparés par des virgules, '
      + 'par exemple ENTPersonJointure=employeeNumber.' });
  const pageSize = numberField('Taille des pages', 'pageSize', 'Entrées lues à chaque page de recherche (500 convient presque toujours).');
  const connectTimeout = numberField('Délai de connexion (secondes)', 'connectTimeoutSeconds', 'Attente maximale pour joindre le serveur.');
  const readTimeout = numberField('Délai de lecture (secondes)', 'readTimeoutSeconds', 'Attente maximale d’une réponse du serveur.');
  advanced.attributeMapping = mapping;
  advanced.pageSize = pageSize;
  advanced.connectTimeoutSeconds = connectTimeout;
  advanced.readTimeoutSeconds = readTimeout;
  const details = h('details', { class: 'advanced' },
    h('summary', {}, 'Réglages avancés'),
    h('p', { class: 'hint' }, 'Les valeurs proposées conviennent aux annuaires ENT des académies ; ne les changez que sur indication de l’académie.'),
    ...advancedFields, mapping.root, pageSize.root, connectTimeout.root, readTimeout.root);

  const setError = (id: string, input: HTMLElement, message: string | null) => {
    const error = document.getElementById(`${id}-error`);
    if (!error) return;
    error.textContent = message ?? '';
    error.hidden = !message;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', `${id}-hint`);
    }
  };
  const fields: Record<FieldKey, FormField> = {
    url, bindDn, password, baseDn,
    startTls: { root: startTlsRoot, input: startTls, setError: (m) => setError(startTlsId, startTls, m) },
    intervalMinutes: { root: intervalRoot, input: interval, setError: (m) => setError(intervalId, interval, m) },
    ...(advanced as Record<Exclude<FieldKey, 'url' | 'bindDn' | 'password' | 'baseDn' | 'startTls' | 'intervalMinutes'>, TextField>),
  };

  const read = (): LdapForm => {
    const values = { startTls: startTls.checked, intervalMinutes: interval.value } as LdapForm['values'];
    for (const [key, f] of Object.entries(fields) as Array<[FieldKey, FormField]>) {
      if (key !== 'startTls' && key !== 'intervalMinutes' && key !== 'password') (values as Record<string, unknown>)[key] = f.input.value;
    }
    return { values, password: password.value(), removePassword: remove.checked };
  };

  /** Fields typed into before the stored settings arrived (a slow box): the first fill leaves them as typed. */
  const typed = new Set<FieldKey>();
  let loaded = false;
  for (const [key, f] of Object.entries(fields) as Array<[FieldKey, FormField]>) {
    f.input.addEventListener('input', () => { if (!loaded) typed.add(key); });
    f.input.addEventListener('change', () => { if (!loaded) typed.add(key); });
  }
  const fill = (s: LdapSettings) => {
    const keep = loaded ? new Set<FieldKey>() : typed;
    loaded = true;
    for (const [key, f] of Object.entries(fields) as Array<[FieldKey, FormField]>) {
      if (key === 'startTls' || key === 'intervalMinutes' || key === 'password' || keep.has(key)) continue;
      f.input.value = String((s as unknown as Record<string, unknown>)[key] ?? '');
    }
    startTls.checked = s.startTls;
    clear(interval);
    const choices = INTERVALS.some(([m]) => m === s.intervalMinutes) ? INTERVALS : [...INTERVALS, [s.intervalMinutes, intervalLabel(s.intervalMinutes)] as [number, string]];
    for (const [m, label] of choices) interval.append(h('option', { value: String(m), selected: m === s.intervalMinutes }, label));
    interval.value = String(s.intervalMinutes);
    // the password is never given back: the field stays empty, the badge says whether one is kept
    password.input.value = '';
    remove.checked = false;
    password.input.disabled = false;
    savedBadge.hidden = !s.passwordSet;
    removeRoot.hidden = !s.passwordSet;
    passwordHint.textContent = s.passwordSet
      ? 'Un mot de passe est enregistré : laissez ce champ vide pour le garder, ou saisissez le nouveau.'
      : 'Aucun mot de passe n’est enregistré.';
    password.input.placeholder = s.passwordSet ? 'mot de passe enregistré' : '';
    // what is stored, not what was typed over it
    const stored = read();
    for (const key of keep) {
      if (key in stored.values) (stored.values as Record<string, unknown>)[key] = String((s as unknown as Record<string, unknown>)[key] ?? '');
    }
    saved = JSON.stringify(settingsBody(stored));
  };

  const clearErrors = () => { for (const f of Object.values(fields)) f.setError(null); };

  /** Shows the browser's or the box's objections next to their fields; true when there are none. */
  const showProblems = (problems: Array<[FieldKey, string]>): boolean => {
    clearErrors();
    for (const [key, message] of problems) fields[key].setError(message);
    const first = problems[0];
    if (!first) status.clear();
    if (first) {
      const f = fields[first[0]];
      if (details.contains(f.root)) details.open = true;
      f.input.focus();
      status.show('error', problems.length > 1 ? `${first[1]} (et ${problems.length - 1} autre${problems.length > 2 ? 's' : ''} champ${problems.length > 2 ? 's' : ''} à corriger)` : first[1]);
    }
    return problems.length === 0;
  };

  const showBoxProblem = (e: unknown) => {
    const key = e instanceof ProblemError && e.status === 400 ? problemField(e.title) : null;
    if (key && e instanceof ProblemError) showProblems([[key, e.title]]);
    else showProblem(status, e);
  };

  const showState = (s: LdapStatus, settings: LdapSettings) => {
    clear(state);
    const dl = h('dl', { class: 'facts' }, h('dt', {}, 'État'), h('dd', {}, stateText(s, settings)));
    const last = s.last;
    if (!last) {
      dl.append(h('dt', {}, 'Dernière synchronisation'), h('dd', {}, 'Aucune pour l’instant.'));
    } else {
      dl.append(h('dt', {}, 'Dernière synchronisation'), h('dd', {}, dateTime(last.startedAt)),
        h('dt', {}, 'Résultat'), h('dd', {},
          h('span', { class: `badge ${!last.finishedAt ? 'badge-pending' : last.ok ? 'badge-active' : 'badge-locked'}` },
            icon(!last.finishedAt ? 'clock' : last.ok ? 'circle-check' : 'circle-alert', 14), ` ${outcomeText(last)}`)));
      if (last.message) dl.append(h('dt', {}, 'Résumé'), h('dd', {}, last.message));
      if (last.importId && last.finishedAt) {
        dl.append(h('dt', {}, 'Rapport'), h('dd', {},
          download(h('a', { href: `/api/v1/admin/imports/${encodeURIComponent(last.importId)}/report`, download: `rapport-synchronisation-${last.importId}.csv` },
            icon('download', 16), h('span', {}, 'Télécharger le rapport'), h('span', { class: 'visually-hidden' }, ' de la dernière synchronisation')))));
      }
    }
    state.append(dl);
  };

  const refresh = async (withForm: boolean) => {
    try {
      const [s, settings] = await Promise.all([app.api.get<LdapStatus>('admin/ldap'), app.api.get<LdapSettings>('admin/ldap/settings')]);
      if (withForm) {
        fill(settings);
        for (const b of [testButton, save, syncButton]) b.disabled = false;
      }
      showState(s, settings);
    } catch (e) {
      clear(state);
      showProblem(status, e);
    }
  };

  const testButton = button('Tester la connexion', { variant: 'secondary', icon: 'plug' });
  const save = button('Enregistrer', { type: 'submit', icon: 'circle-check' });
  const syncButton = button('Synchroniser maintenant', { variant: 'secondary', icon: 'refresh-cw' });
  // nothing to test, save or run before the stored settings are in the form (its numbers would be empty)
  for (const b of [testButton, save, syncButton]) b.disabled = true;

  testButton.addEventListener('click', () => {
    const problems = formProblems(read());
    if (!showProblems(problems)) return;
    diagnosis.clear();
    void withBusy(testButton, 'Test en cours…', async () => {
      try {
        const d = await app.api.post<Diagnosis>('admin/ldap/test', settingsBody(read()));
        diagnosis.show(d.ok ? 'success' : 'error', d.message, d.ok ? 'La connexion fonctionne' : 'La connexion ne fonctionne pas');
      } catch (e) {
        showProblem(diagnosis, e);
      }
    });
  });

  syncButton.addEventListener('click', () => {
    if (JSON.stringify(settingsBody(read())) !== saved) {
      status.show('warning', 'Vous avez modifié des réglages sans les enregistrer : cliquez d’abord sur « Enregistrer ». '
        + 'La synchronisation utilise les réglages enregistrés.');
      return;
    }
    void withBusy(syncButton, 'Lecture de l’annuaire…', async () => {
      try {
        status.show('info', 'Lecture de l’annuaire LDAP en cours…');
        const run = await app.api.post<{ id: string }>('admin/ldap/sync', {});
        status.show('info', 'Annuaire lu : l’import commence. Son avancement s’affiche ci-dessous.');
        void refresh(false);
        follow(run.id, () => { void refresh(false); onImportEnd(); });
      } catch (e) {
        showProblem(status, e);
        void refresh(false);
      }
    });
  });

  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'ldap-settings-title' },
    h('h3', { id: 'ldap-settings-title' }, 'Réglages'),
    url.root, startTlsRoot, bindDn.root, password.root, removeRoot, baseDn.root, intervalRoot, details,
    status.root,
    h('div', { class: 'actions' }, save, testButton, syncButton),
    diagnosis.root);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!showProblems(formProblems(read()))) return;
    void withBusy(save, 'Enregistrement…', async () => {
      try {
        const settings = await app.api.put<LdapSettings>('admin/ldap/settings', settingsBody(read()));
        fill(settings);
        clearErrors();
        status.show('success', settings.url
          ? 'Réglages enregistrés : ils s’appliquent dès maintenant.'
          : 'Réglages enregistrés : la synchronisation LDAP est arrêtée.');
        void refresh(false);
      } catch (err) {
        showBoxProblem(err);
      }
    });
  });
  void refresh(true);

  return h('section', { class: 'panel', 'aria-labelledby': 'ldap-title' },
    h('h2', { id: 'ldap-title' }, icon('refresh-cw', 20), h('span', {}, 'Synchronisation avec l’annuaire LDAP de l’académie')),
    h('p', { class: 'hint' }, 'Si l’académie ouvre à la box un accès en lecture à son annuaire LDAP, la box le lit elle-même au lieu de '
      + 'recevoir des fichiers. Chaque synchronisation est un import complet, avec le même garde-fou ; si l’annuaire ne peut pas être lu '
      + 'en entier, rien n’est importé.'),
    state, form);
}

