/**
 * « Sauvegardes » in the referent console: where the archives go (a USB disk, a network share),
 * at what hour the box saves itself each day and how long archives are kept; the passphrase that
 * encrypts them (set or removed, never shown back); « Sauvegarder maintenant »; the archives in the
 * folder with their date, size and state; the last result, its error in French.
 */
import type { App } from '../app.js';
import { formatDay } from '../format.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
import { toast } from '../ui/toast.js';
import { showProblem } from './forms.js';

export interface BackupSettings { folder: string; hour: number; keepDaily: number; keepWeekly: number; encrypted: boolean }
export interface BackupResult {
  ok: boolean; trigger: string; startedAt: string; endedAt: string; archive: string | null; bytes: number; entries: number;
  error: string | null; code: string | null; deleted: number;
}
export interface BackupStatus { running: boolean; phase: string | null; startedAt: string | null; last: BackupResult | null; lastScheduled: string | null }
export interface BackupArchive { name: string; size: number; createdAt: string; encrypted: boolean; status: 'COMPLETE' | 'INCOMPLETE' }
export interface BackupsDto { settings: BackupSettings; status: BackupStatus; archives: BackupArchive[]; nextRun: string | null }

/** « 1,2 Go », « 350 Mo », « 12 ko » (powers of 1000, as disks are sold). */
export function sizeText(bytes: number): string {
  const units: Array<[number, string]> = [[1e9, 'Go'], [1e6, 'Mo'], [1e3, 'ko']];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value.toLocaleString('fr-FR', { maximumFractionDigits: value < 10 ? 1 : 0 })} ${unit}`;
    }
  }
  return `${bytes} octet${bytes > 1 ? 's' : ''}`;
}

/** « jeudi 4 décembre à 02:00 » in the box's reader's time zone. */
export function momentText(iso: string, today: Date = new Date()): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  return `${formatDay(d, { year: d.getFullYear() !== today.getFullYear(), today })} à ${time}`;
}

/** What the phase of a running backup means. */
export const PHASES: Record<string, string> = {
  start: 'Préparation…', snapshot: 'Copie des fichiers…', databases: 'Copie des bases de données…',
  archive: 'Écriture de l’archive…', retention: 'Suppression des anciennes sauvegardes…',
};

/** The sentence about the schedule. */
export function scheduleText(s: BackupSettings, nextRun: string | null, today: Date = new Date()): string {
  if (!s.folder) return 'Aucune sauvegarde automatique : choisissez d’abord le dossier des sauvegardes.';
  if (s.hour < 0) return 'Aucune sauvegarde automatique : seules les sauvegardes lancées à la main sont faites.';
  const keep = `la box garde la dernière sauvegarde de chacun des ${s.keepDaily} derniers jours`
    + (s.keepWeekly > 0 ? ` et de chacune des ${s.keepWeekly} dernières semaines` : '');
  return `Chaque jour à ${String(s.hour).padStart(2, '0')} h 00`
    + (nextRun ? ` (prochaine : ${momentText(nextRun, today)})` : '') + ` ; ${keep}.`;
}

/** A warning when the last successful backup is old or has failed. */
export function lastResultAlert(status: BackupStatus, settings: BackupSettings, now: Date = new Date()): { kind: 'error' | 'warning' | 'success'; title: string; text: string } | null {
  const last = status.last;
  if (!last) {
    return settings.folder ? { kind: 'warning', title: 'Aucune sauvegarde', text: 'La box n’a encore jamais été sauvegardée : cliquez sur « Sauvegarder maintenant ».' } : null;
  }
  if (!last.ok) {
    return { kind: 'error', title: 'La dernière sauvegarde a échoué', text: `${momentText(last.startedAt, now)} : ${last.error ?? 'erreur inconnue'}` };
  }
  const days = Math.floor((now.getTime() - new Date(last.endedAt).getTime()) / 86_400_000);
  if (days >= 2) {
    return { kind: 'warning', title: 'Sauvegarde ancienne', text: `La dernière sauvegarde réussie date de ${days} jours.` };
  }
  return { kind: 'success', title: 'Dernière sauvegarde réussie',
    text: `${momentText(last.endedAt, now)} : ${last.archive ?? ''} (${sizeText(last.bytes)}).` };
}

export function backupsSection(app: App): { node: HTMLElement; dispose: () => void } {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(4));
  let timer: number | undefined;
  let disposed = false;

  const render = (d: BackupsDto) => {
    clear(body);
    const result = lastResultAlert(d.status, d.settings);
    if (d.status.running) {
      body.append(alert('info', h('span', {}, PHASES[d.status.phase ?? 'start'] ?? 'Sauvegarde en cours…',
        h('progress', { 'aria-label': 'Sauvegarde en cours' })), 'Sauvegarde en cours'));
    } else if (result) {
      body.append(alert(result.kind, result.text, result.title));
    }
    const now = button('Sauvegarder maintenant', { icon: 'hard-drive' });
    now.disabled = d.status.running || !d.settings.folder;
    now.addEventListener('click', () => void withBusy(now, 'Démarrage…', async () => {
      status.clear();
      try {
        await app.api.post('admin/backups', {});
        toast('success', 'Sauvegarde lancée : la box continue de fonctionner pendant la copie.');
        await load();
      } catch (e) {
        showProblem(status, e);
      }
    }));
    body.append(h('p', {}, scheduleText(d.settings, d.nextRun)), h('div', { class: 'actions' }, now));
    body.append(archivesTable(d.archives));
    body.append(settingsForm(app, d.settings, load), passphraseForm(app, d.settings, load));
    if (d.status.running && !disposed) timer = window.setTimeout(() => void load(), 2000);
  };

  const load = async () => {
    window.clearTimeout(timer);
    try {
      render(await app.api.get<BackupsDto>('admin/backups'));
    } catch (e) {
      clear(body);
      showProblem(status, e);
    }
  };
  void load();

  const node = h('section', { class: 'panel', 'aria-labelledby': 'backups-title' },
    h('h2', { id: 'backups-title' }, icon('hard-drive', 20), h('span', {}, 'Sauvegardes')),
    h('p', { class: 'hint' }, 'La box se copie entière (bases, documents, messagerie, réglages) sans s’arrêter. '
      + 'Gardez les sauvegardes hors de la box : sur un disque USB branché à la box ou un partage réseau.'),
    status.root, body);
  return { node, dispose: () => { disposed = true; window.clearTimeout(timer); } };
}

function archivesTable(archives: BackupArchive[]): HTMLElement {
  if (archives.length === 0) return h('p', { class: 'empty' }, 'Aucune sauvegarde dans le dossier pour l’instant.');
  const rows = archives.map((a) => h('tr', {},
    h('td', {}, momentText(a.createdAt)),
    h('td', {}, sizeText(a.size)),
    h('td', {}, a.status === 'COMPLETE' ? (a.encrypted ? 'Complète, chiffrée' : 'Complète') : 'Interrompue (sera supprimée)'),
    h('td', { class: 'code' }, a.name)));
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Sauvegardes du dossier', tabindex: '0' },
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Sauvegardes du dossier'),
      h('thead', {}, h('tr', {}, ...['Date', 'Taille', 'État', 'Fichier'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows)));
}

function numberField(label: string, name: string, value: number, min: number, max: number, hint: string) {
  const id = `backup-${name}`;
  const input = h('input', { id, name, type: 'number', min: String(min), max: String(max), value: String(value), required: true,
    'aria-describedby': `${id}-hint` }) as HTMLInputElement;
  return { root: h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, label), input,
    h('p', { id: `${id}-hint`, class: 'hint' }, hint)), input };
}

function settingsForm(app: App, s: BackupSettings, reload: () => Promise<void>): HTMLElement {
  const status = liveRegion('assertive');
  const folder = textField({ label: 'Dossier des sauvegardes', name: 'backup-folder', value: s.folder, required: true, spellcheck: false,
    hint: 'Chemin complet sur la box, par exemple /media/sauvegardes (disque USB) ou /mnt/nas/preau (partage réseau).' });
  const hourId = 'backup-hour';
  const hour = h('select', { id: hourId, name: 'hour' }) as HTMLSelectElement;
  hour.append(h('option', { value: '-1' }, 'Pas de sauvegarde automatique'));
  for (let i = 0; i < 24; i++) hour.append(h('option', { value: String(i) }, `${String(i).padStart(2, '0')} h 00`));
  hour.value = String(s.hour);
  const daily = numberField('Jours conservés', 'keepDaily', s.keepDaily, 1, 365, 'La dernière sauvegarde de chacun de ces jours est gardée.');
  const weekly = numberField('Semaines conservées', 'keepWeekly', s.keepWeekly, 0, 520, 'Et la dernière de chacune de ces semaines.');
  const save = button('Enregistrer', { type: 'submit', variant: 'secondary' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('h3', {}, 'Réglages'), folder.root,
    h('div', { class: 'field' }, h('label', { for: hourId, class: 'label' }, 'Heure de la sauvegarde quotidienne'), hour),
    daily.root, weekly.root, h('div', { class: 'actions' }, save), status.root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void withBusy(save, 'Enregistrement…', async () => {
      status.clear();
      folder.setError(null);
      if (!folder.value().trim()) {
        folder.setError('Indiquez le dossier des sauvegardes.');
        folder.input.focus();
        return;
      }
      try {
        await app.api.put('admin/backups/settings', { folder: folder.value().trim(), hour: Number(hour.value),
          keepDaily: Number(daily.input.value), keepWeekly: Number(weekly.input.value) });
        toast('success', 'Réglages des sauvegardes enregistrés.');
        await reload();
      } catch (e) {
        showProblem(status, e);
      }
    });
  });
  return form;
}

function passphraseForm(app: App, s: BackupSettings, reload: () => Promise<void>): HTMLElement {
  const status = liveRegion('assertive');
  const phrase = textField({ label: 'Nouvelle phrase de passe', name: 'backup-passphrase', type: 'password', autocomplete: 'new-password',
    required: true, hint: 'Au moins 12 caractères, par exemple quelques mots qui ne vont pas ensemble.' });
  const again = textField({ label: 'La même, une seconde fois', name: 'backup-passphrase-again', type: 'password',
    autocomplete: 'new-password', required: true });
  const set = button(s.encrypted ? 'Changer la phrase de passe' : 'Chiffrer les sauvegardes', { type: 'submit', icon: 'key-round' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('h3', {}, 'Chiffrement'),
    alert(s.encrypted ? 'success' : 'info', s.encrypted
      ? 'Les sauvegardes sont chiffrées avec votre phrase de passe. La box ne la connaît pas et ne peut pas vous la redonner.'
      : 'Les sauvegardes ne sont pas chiffrées : quiconque a le disque peut les lire. Choisissez une phrase de passe pour les protéger.'),
    alert('warning', 'Notez la phrase de passe et rangez-la en lieu sûr, hors de la box : sans elle, une sauvegarde chiffrée '
      + 'ne peut plus être restaurée, par personne.', 'Phrase de passe perdue = sauvegardes perdues'),
    phrase.root, again.root, h('div', { class: 'actions' }, set), status.root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void withBusy(set, 'Enregistrement…', async () => {
      status.clear();
      phrase.setError(null);
      again.setError(null);
      if (phrase.value().length < 12) {
        phrase.setError('La phrase de passe doit compter au moins 12 caractères.');
        phrase.input.focus();
        return;
      }
      if (phrase.value() !== again.value()) {
        again.setError('Les deux phrases de passe ne sont pas identiques.');
        again.input.focus();
        return;
      }
      try {
        await app.api.put('admin/backups/passphrase', { passphrase: phrase.value(), confirmation: again.value() });
        phrase.input.value = '';
        again.input.value = '';
        toast('success', 'Les prochaines sauvegardes seront chiffrées avec cette phrase de passe.');
        await reload();
      } catch (e) {
        showProblem(status, e);
      }
    });
  });
  if (s.encrypted) {
    const remove = button('Ne plus chiffrer', { variant: 'ghost' });
    remove.addEventListener('click', () => void (async () => {
      const ok = await confirmDialog({ title: 'Ne plus chiffrer les sauvegardes ?', confirmLabel: 'Ne plus chiffrer', danger: true,
        message: 'Les prochaines sauvegardes pourront être lues par quiconque a le disque. Les sauvegardes déjà chiffrées '
          + 'demandent toujours leur phrase de passe.' });
      if (!ok) return;
      try {
        await app.api.delete('admin/backups/passphrase');
        toast('success', 'Les prochaines sauvegardes ne seront pas chiffrées.');
        await reload();
      } catch (e) {
        showProblem(status, e);
      }
    })());
    form.querySelector('.actions')?.append(remove);
  }
  return form;
}
