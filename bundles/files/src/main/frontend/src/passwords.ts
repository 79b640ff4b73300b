/**
 * The spaces as a network drive (WebDAV at /dav/) and the application passwords that open it: how to
 * connect, create one (shown once), list them with their last use, revoke one.
 */
import type { FilesApi } from './api.js';
import type { Column } from './kit.js';
import { problemMessage } from './logic.js';
import type { AppPassword } from './types.js';
import { kit, submitOnEnter, uid } from './ui.js';

export function passwordsScreen(root: HTMLElement, o: { api: FilesApi; items: AppPassword[]; login: string; origin: string; focus: boolean }): () => void {
  const K = kit();
  const { api } = o;
  let live = true;
  const dav = `${o.origin}/dav/`;
  const headingId = uid('dav');
  const heading = K.h('h2', { id: headingId, tabindex: '-1' }, K.icon('hard-drive', 22), ' ', 'Lecteur réseau');
  const intro = K.h('p', {}, 'Vos espaces de documents s’ouvrent aussi dans l’explorateur de fichiers de votre ordinateur, comme un lecteur réseau (WebDAV).');
  const facts = K.h('dl', { class: 'facts' },
    K.h('dt', {}, 'Adresse du lecteur'), K.h('dd', {}, K.h('code', { class: 'code' }, dav)),
    K.h('dt', {}, 'Identifiant'), K.h('dd', {}, K.h('code', { class: 'code' }, o.login || 'votre identifiant Préau')),
    K.h('dt', {}, 'Mot de passe'), K.h('dd', {}, 'un mot de passe d’application (ci-dessous) ou votre mot de passe Préau'));
  const howTo = K.h('details', { class: 'advanced' }, K.h('summary', {}, 'Comment connecter le lecteur'),
    K.h('ul', {},
      K.h('li', {}, 'Windows : Explorateur de fichiers, « Ce PC », « Connecter un lecteur réseau », puis l’adresse ci-dessus.'),
      K.h('li', {}, 'macOS : Finder, menu « Aller », « Se connecter au serveur… », puis l’adresse ci-dessus.'),
      K.h('li', {}, 'Linux : dans le gestionnaire de fichiers, « Autres emplacements », l’adresse en commençant par davs:// (ou dav:// sans HTTPS).')),
    K.h('p', { class: 'hint' }, 'Windows n’accepte de se connecter qu’en HTTPS : demandez au référent numérique si la box l’est.'));

  const passwordsId = uid('app');
  const label = K.textField({ label: 'Nom de l’appareil', name: 'appareil', required: true, maxlength: 100, hint: 'Par exemple « Ordinateur de la maison ». Il vous aidera à le reconnaître pour le révoquer.' });
  const create = K.button('Créer un mot de passe d’application', { variant: 'primary', icon: 'key-round' });
  const form = K.h('form', { class: 'form files-app-form', novalidate: true }, label.root, K.h('div', { class: 'actions' }, create));
  create.type = 'submit';

  const columns: Column<AppPassword>[] = [
    { key: 'label', label: 'Appareil', rowHeader: true, sortable: true },
    { key: 'createdAt', label: 'Créé', sortable: true, value: (p) => new Date(p.createdAt), render: (p) => K.h('time', { datetime: p.createdAt }, K.format.relative(new Date(p.createdAt))) },
    {
      key: 'lastUsedAt', label: 'Dernière utilisation', sortable: true, value: (p) => (p.lastUsedAt ? new Date(p.lastUsedAt) : null),
      render: (p) => (p.lastUsedAt ? K.h('time', { datetime: p.lastUsedAt }, K.format.relative(new Date(p.lastUsedAt))) : 'Jamais utilisé'),
    },
    {
      key: 'actions', label: 'Action',
      render: (p) => {
        const b = K.button('Révoquer', { variant: 'ghost', icon: 'x', ariaLabel: `Révoquer ${p.label}` });
        b.addEventListener('click', async () => {
          const ok = await K.confirmDialog({
            title: `Révoquer « ${p.label} » ?`, danger: true, confirmLabel: 'Révoquer',
            message: 'Cet appareil ne pourra plus ouvrir vos documents avec ce mot de passe. Vous pourrez en créer un autre.',
          });
          if (!ok) return;
          try {
            await api.revokeAppPassword(p.id);
            K.toast('success', `Le mot de passe « ${p.label} » est révoqué.`);
            await refresh();
            heading.focus();
          } catch (e) {
            K.toast('error', problemMessage(e));
          }
        });
        return b;
      },
    },
  ];
  const table = K.dataTable<AppPassword>({
    caption: 'Vos mots de passe d’application', columns, rows: o.items,
    empty: 'Aucun mot de passe d’application pour l’instant.', emptyIcon: 'key-round',
  });

  async function refresh(): Promise<void> {
    try {
      const r = await api.appPasswords();
      if (live) table.setRows(r.items);
    } catch (e) {
      if (live) K.toast('error', problemMessage(e));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = label.value().trim();
    if (!name) { label.setError('Donnez un nom à cet appareil, par exemple « Ordinateur de la maison ».'); label.input.focus(); return; }
    label.setError(null);
    void K.withBusy(create, 'Création…', async () => {
      let made: AppPassword;
      try {
        made = await api.createAppPassword(name);
      } catch (err) {
        label.setError(problemMessage(err));
        label.input.focus();
        return;
      }
      label.input.value = '';
      await refresh();
      showSecret(made);
    });
  });

  function showSecret(p: AppPassword): void {
    const secret = K.textField({ label: `Mot de passe pour « ${p.label} »`, name: 'secret', value: p.secret ?? '' });
    secret.input.readOnly = true;
    secret.input.classList.add('code');
    secret.input.setAttribute('autocomplete', 'off');
    secret.input.setAttribute('spellcheck', 'false');
    const said = K.h('p', { class: 'live', role: 'status' });
    const copy = K.button('Copier le mot de passe', { variant: 'secondary', icon: 'copy' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(p.secret ?? '');
        said.textContent = 'Mot de passe copié.';
      } catch {
        secret.input.select();
        said.textContent = 'Le mot de passe est sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).';
      }
    });
    const d = K.dialog<string>({
      title: 'Votre mot de passe d’application',
      body: [
        K.alert('warning', 'Notez-le ou saisissez-le maintenant dans votre appareil : il ne sera plus jamais affiché.'),
        secret.root, K.h('div', { class: 'actions' }, copy), said,
        K.h('p', {}, 'Identifiant : ', K.h('code', { class: 'code' }, o.login || 'votre identifiant Préau'), ' ; adresse : ', K.h('code', { class: 'code' }, dav)),
      ],
      actions: [{ label: 'J’ai noté le mot de passe', value: 'ok', variant: 'primary' }],
      initialFocus: secret.input,
    });
    submitOnEnter(secret, d.root);
    secret.input.select();
  }

  root.replaceChildren(K.h('section', { class: 'files-dav', 'aria-labelledby': headingId },
    heading, intro, facts, howTo,
    K.h('h3', { id: passwordsId }, 'Mots de passe d’application'),
    K.h('p', {}, 'Plutôt que votre mot de passe Préau, donnez à chaque appareil son propre mot de passe : vous pourrez le révoquer à tout moment (appareil perdu, prêté, changé), sans changer le vôtre.'),
    form, table.root));
  if (o.focus) heading.focus();
  return () => { live = false; };
}
