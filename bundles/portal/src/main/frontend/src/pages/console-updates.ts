/**
 * The console's « Mises à jour » (the referent): the académie's channel the box follows (address,
 * pinned public key, « stable » or « pilote »), the last check, the verified update waiting with what
 * it changes, « Vérifier maintenant », « Mettre à jour », « Revenir à la version précédente », and the
 * history. The box does the work (GET/PUT/POST /api/v1/admin/updates…); this page follows it.
 */
import type { App } from '../app.js';
import { ProblemError } from '../api.js';
import { formatDay } from '../format.js';
import { h, clear, uid } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, emptyState, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
import { toast } from '../ui/toast.js';
import { requireFilled, showProblem } from './forms.js';

interface Release { version: string; appliedAt: string | null; changes: string[] }
interface HistoryEntry { at: string; kind: 'check' | 'apply' | 'rollback' | 'settings'; version: string | null; ok: boolean; actor: string | null; message: string }
export interface UpdatesDto {
  settings: { url: string; publicKey: string; fingerprint: string | null; channel: 'stable' | 'pilote' };
  maintenanceHour: number;
  activity: 'IDLE' | 'CHECKING' | 'APPLYING' | 'ROLLING_BACK';
  lastCheck: { at: string; ok: boolean; code: string; message: string } | null;
  available: { version: string; channel: string; published: string; notes: string[]; modules: string[] } | null;
  current: Release | null;
  previous: Release | null;
  notice: string | null;
  history: HistoryEntry[];
}

const ACTIVITY: Record<UpdatesDto['activity'], string> = {
  IDLE: '', CHECKING: 'Vérification du canal de l’académie…', APPLYING: 'Mise à jour en cours : les modules concernés sont remplacés, puis la box vérifie qu’elle fonctionne…',
  ROLLING_BACK: 'Retour à la version précédente en cours…',
};
export const HISTORY_KINDS: Record<HistoryEntry['kind'], string> = {
  check: 'Vérification', apply: 'Mise à jour', rollback: 'Retour en arrière', settings: 'Réglage du canal',
};

/** « lundi 7 décembre, 05:42 » */
export function when(iso: string): string {
  const d = new Date(iso);
  return `${formatDay(d, { year: true })}, ${d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`;
}

/** When a verified update will be applied by itself, in words. */
export function maintenanceText(hour: number): string {
  return hour < 0 ? 'Elle ne s’installe que lorsque vous cliquez sur « Mettre à jour ».'
    : `Sinon, elle s’installe d’elle-même la nuit suivante, vers ${String(hour).padStart(2, '0')} h.`;
}

export function updatesSection(app: App): { node: HTMLElement; dispose: () => void } {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(4));
  let timer = 0;
  let disposed = false;
  let shown = '';

  const post = (what: 'check' | 'apply' | 'rollback', b: HTMLButtonElement, done: string) =>
    withBusy(b, 'Envoi…', async () => {
      try {
        await app.api.post(`admin/updates/${what}`);
        status.show('info', done);
        shown = '';
        void load();
      } catch (e) {
        showProblem(status, e);
      }
    });

  const render = (u: UpdatesDto) => {
    clear(body);
    const busy = u.activity !== 'IDLE';
    if (busy) body.append(h('p', { class: 'progress-text', role: 'status' }, h('progress', {}), ' ', ACTIVITY[u.activity]));
    if (u.notice) body.append(alert('error', u.notice, 'À lire'));

    const facts = h('dl', { class: 'facts' });
    const fact = (term: string, value: string | Node) => facts.append(h('dt', {}, term), h('dd', {}, value));
    fact('Version en service', u.current ? `${u.current.version} (depuis le ${when(u.current.appliedAt ?? '')})` : 'Celle du paquet installé (aucune mise à jour reçue)');
    fact('Canal', u.settings.url ? `${u.settings.channel === 'pilote' ? 'Pilote' : 'Stable'} — ${u.settings.url}` : 'Non réglé');
    fact('Dernière vérification', u.lastCheck ? `${when(u.lastCheck.at)} : ${u.lastCheck.message}` : 'Jamais');
    body.append(facts);

    const actions = h('div', { class: 'actions' });
    const check = button('Vérifier maintenant', { variant: u.available ? 'secondary' : 'primary', icon: 'refresh-cw' });
    check.disabled = busy || !u.settings.url;
    check.addEventListener('click', () => { void post('check', check, 'Vérification lancée.'); });
    actions.append(check);
    body.append(actions);

    if (u.available) {
      const a = u.available;
      const apply = button('Mettre à jour', { icon: 'download' });
      apply.disabled = busy;
      apply.addEventListener('click', () => {
        void confirmDialog({ title: `Installer la version ${a.version} ?`, confirmLabel: 'Mettre à jour',
          message: 'Les modules concernés sont remplacés sans arrêter la box ; chacun peut continuer à travailler. Si la box ne fonctionne '
            + 'pas bien ensuite, elle revient d’elle-même à la version d’avant.' }).then((yes) => {
          if (yes) void post('apply', apply, 'Mise à jour lancée.');
        });
      });
      body.append(h('section', { class: 'panel', 'aria-labelledby': 'update-available-title' },
        h('h3', { id: 'update-available-title', class: 'panel-title' }, icon('sparkles', 20), h('span', {}, `Mise à jour disponible : version ${a.version}`)),
        h('p', {}, `Publiée par l’académie le ${when(a.published)}, téléchargée et vérifiée (signature et contenu). ${maintenanceText(u.maintenanceHour)}`),
        a.notes.length ? h('ul', {}, ...a.notes.map((n) => h('li', {}, n))) : null,
        a.modules.length ? h('p', { class: 'hint' }, `Nouveaux modules proposés (onglet « Modules ») : ${a.modules.join(', ')}`) : null,
        h('div', { class: 'actions' }, apply)));
    }

    if (u.current && u.previous) {
      const back = button('Revenir à la version précédente', { variant: 'secondary', icon: 'rotate-ccw' });
      back.disabled = busy;
      back.addEventListener('click', () => {
        void confirmDialog({ title: `Revenir à la version ${u.previous!.version} ?`, confirmLabel: 'Revenir en arrière', danger: true,
          message: `Les modules mis à jour par la version ${u.current!.version} reprennent leur version d’avant. Les données restent.` })
          .then((yes) => { if (yes) void post('rollback', back, 'Retour en arrière lancé.'); });
      });
      body.append(h('section', { class: 'panel', 'aria-labelledby': 'update-current-title' },
        h('h3', { id: 'update-current-title', class: 'panel-title' }, icon('clock', 20), h('span', {}, `Version ${u.current.version}`)),
        h('p', {}, u.current.changes.length ? `Elle a changé : ${u.current.changes.join(', ')}.` : 'Elle n’a changé aucun module installé.'),
        h('div', { class: 'actions' }, back)));
    }

    body.append(settingsForm(app, u, (next) => { shown = ''; render(next); }));

    const history = u.history.length === 0 ? emptyState('Rien pour l’instant : l’historique des vérifications et des mises à jour s’affichera ici.', 'clock')
      : h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Historique des mises à jour', tabindex: '0' },
        h('table', { class: 'table' },
          h('caption', { class: 'visually-hidden' }, 'Historique des mises à jour'),
          h('thead', {}, h('tr', {}, ...['Date', 'Quoi', 'Version', 'Résultat'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...u.history.map((e) => h('tr', {},
            h('td', {}, when(e.at)),
            h('td', {}, HISTORY_KINDS[e.kind] + (e.actor ? ` (${e.actor})` : ' (la box)')),
            h('td', { class: 'code' }, e.version ?? '—'),
            h('td', {}, h('span', { class: 'strong' }, e.ok ? 'Réussi' : 'Refusé ou annulé'), h('br', {}), e.message))))));
    body.append(h('h3', {}, 'Historique'), history);
  };

  async function load(): Promise<void> {
    window.clearTimeout(timer);
    if (disposed) return;
    try {
      const u = await app.api.get<UpdatesDto>('admin/updates');
      const text = JSON.stringify(u);
      // the settings form is left alone while the referent types in it
      if (text !== shown && !body.contains(document.activeElement)) {
        shown = text;
        render(u);
      }
      timer = window.setTimeout(() => { void load(); }, u.activity !== 'IDLE' ? 1000 : 15000);
    } catch (e) {
      clear(body);
      showProblem(status, e);
    }
  }
  void load();

  const node = h('section', { class: 'panel', 'aria-labelledby': 'updates-title' },
    h('h2', { id: 'updates-title' }, icon('download', 20), h('span', {}, 'Mises à jour')),
    h('p', { class: 'hint' }, 'L’académie publie les nouvelles versions des modules sur un canal signé. La box le consulte régulièrement, '
      + 'télécharge et vérifie tout avant de rien changer, puis installe la mise à jour sans s’arrêter.'),
    status.root, body);
  return { node, dispose: () => { disposed = true; window.clearTimeout(timer); } };
}

function settingsForm(app: App, u: UpdatesDto, done: (u: UpdatesDto) => void): HTMLElement {
  const status = liveRegion('assertive');
  const url = textField({ label: 'Adresse du canal', name: 'updates-url', value: u.settings.url, required: true, spellcheck: false,
    hint: 'Donnée par l’académie, par exemple https://maj.ac-exemple.fr/preau/stable/' });
  const key = textField({ label: 'Clé publique de l’académie', name: 'updates-key', value: u.settings.publicKey, required: true,
    spellcheck: false, hint: 'Une ligne de 60 caractères commençant par MCowBQYDK2VwAyEA, donnée par l’académie. La box refuse toute mise à jour qui n’est pas signée avec elle.' });
  const channelId = uid('updates-channel');
  const channel = h('select', { id: channelId, name: 'updates-channel', class: 'input' },
    h('option', { value: 'stable', selected: u.settings.channel === 'stable' }, 'Stable (recommandé)'),
    h('option', { value: 'pilote', selected: u.settings.channel === 'pilote' }, 'Pilote (établissements volontaires, versions plus tôt)'));
  const save = button('Enregistrer', { type: 'submit', icon: 'circle-check' });
  const form = h('form', { class: 'stack', novalidate: true }, url.root, key.root,
    h('div', { class: 'field' }, h('label', { for: channelId, class: 'label' }, 'Canal'), channel),
    u.settings.fingerprint ? h('p', { class: 'hint' }, 'Empreinte de la clé enregistrée (à comparer avec celle de l’académie) : ',
      h('span', { class: 'code fingerprint' }, u.settings.fingerprint)) : null,
    h('div', { class: 'actions' }, save), status.root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    url.setError(null);
    key.setError(null);
    if (!requireFilled([[url, 'Indiquez l’adresse du canal.'], [key, 'Indiquez la clé publique de l’académie.']])) return;
    void withBusy(save, 'Enregistrement…', async () => {
      status.clear();
      try {
        done(await app.api.put<UpdatesDto>('admin/updates/settings', { url: url.value().trim(), publicKey: key.value().trim(), channel: channel.value }));
        toast('success', 'Canal enregistré. Cliquez sur « Vérifier maintenant » pour le consulter.');
      } catch (e) {
        if (e instanceof ProblemError && e.code === 'invalid-channel-url') url.setError(e.title);
        else if (e instanceof ProblemError && e.code === 'invalid-public-key') key.setError(e.title);
        else showProblem(status, e);
      }
    });
  });
  return h('details', { class: 'updates-settings', open: !u.settings.url },
    h('summary', {}, 'Canal de mises à jour de l’académie'), form);
}
