/**
 * The share dialog of a folder or file (its owner's): who has it now (with « Retirer »), then whom to add — people
 * and classes found by name among those the box's communication rules allow —, read or read-write, until an
 * optional last day. The box checks everything again; its refusal is shown in the dialog.
 */
import type { FilesApi } from './api.js';
import { problemMessage, shareRights, todayIso } from './logic.js';
import { annuairePicker } from './picker.js';
import type { FileNode, Share } from './types.js';
import { kit, uid } from './ui.js';

export async function shareDialog(api: FilesApi, n: FileNode): Promise<void> {
  const K = kit();
  const current = K.h('div', { class: 'files-shares' });
  const status = K.liveRegion('polite');
  let shares: Share[] = [];

  const renderCurrent = () => {
    current.replaceChildren();
    if (shares.length === 0) {
      current.append(K.h('p', { class: 'hint' }, 'Ce n’est partagé avec personne pour l’instant.'));
      return;
    }
    const list = K.h('ul', { class: 'files-share-list' });
    for (const s of shares) {
      const remove = K.button('Retirer', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer le partage avec ${s.label}` });
      remove.addEventListener('click', () => void K.withBusy(remove, 'Retrait…', async () => {
        try {
          await api.unshare(s.id);
          shares = shares.filter((x) => x.id !== s.id);
          renderCurrent();
          status.show('success', `Le partage avec ${s.label} est retiré.`);
          (current.querySelector<HTMLButtonElement>('button') ?? search.input).focus();
        } catch (e) {
          status.show('error', problemMessage(e));
        }
      }));
      list.append(K.h('li', {},
        K.icon(s.type === 'CLASSE' ? 'users' : 'user', 18), ' ',
        K.h('strong', {}, s.label), ` : ${shareRights(s.ecriture, s.jusqua, (d) => K.format.day(d))}`,
        s.expire ? K.h('span', { class: 'badge' }, ' (terminé)') : null, ' ', remove));
    }
    current.append(list);
  };

  // ——— whom to add ———
  const picker = annuairePicker(api, {
    label: 'Rechercher une personne, une classe ou un groupe', hint: 'Par exemple « Marchand » ou « 5A ».', legend: 'Destinataires',
    none: 'Personne ne correspond parmi ceux avec qui vous pouvez partager.', noneChosen: 'Aucun destinataire choisi.',
    one: 'destinataire choisi', many: 'destinataires choisis',
  });
  const { search, chosen } = picker;

  // ——— rights and end ———
  const rightsName = uid('rights');
  const radio = (value: string, label: string, checked: boolean) => {
    const id = uid('right');
    return K.h('div', { class: 'choice' }, K.h('input', { type: 'radio', id, name: rightsName, value, checked }), K.h('label', { for: id }, label));
  };
  const rights = K.h('fieldset', { class: 'choices files-share-rights' }, K.h('legend', { class: 'label' }, 'Ce qu’ils peuvent faire'),
    radio('read', 'Lire et télécharger', true),
    radio('write', n.folder ? 'Lire, déposer et modifier dans ce dossier' : 'Lire et remplacer ce fichier', false));
  const endId = uid('end');
  const endHint = uid('end-hint');
  const endError = K.h('p', { class: 'field-error', id: `${endId}-error`, hidden: true });
  const end = K.h('input', { type: 'date', id: endId, name: 'jusqua', class: 'input', min: todayIso(), 'aria-describedby': endHint });
  const endField = K.h('div', { class: 'field' }, K.h('label', { for: endId, class: 'label' }, 'Jusqu’au (facultatif)'),
    K.h('p', { class: 'hint', id: endHint }, 'Dernier jour du partage, inclus. Sans date, il dure jusqu’à ce que vous le retiriez.'), end, endError);

  const heading = uid('share-current');
  const d = K.dialog<string>({
    title: `Partager « ${n.name} »`,
    body: [
      K.h('h3', { id: heading, class: 'files-share-heading' }, 'Déjà partagé avec'), current,
      K.h('h3', { class: 'files-share-heading' }, 'Ajouter des destinataires'), ...picker.parts, rights, endField, status.root,
    ],
    actions: [
      { label: 'Fermer', value: 'close', variant: 'secondary' },
      {
        label: 'Partager', value: 'share', variant: 'primary', icon: 'link',
        onClick: async () => {
          endError.hidden = true;
          end.removeAttribute('aria-invalid');
          if (chosen.size === 0) {
            search.setError('Choisissez au moins une personne, une classe ou un groupe.');
            search.input.focus();
            return false;
          }
          if (end.value && end.value < todayIso()) {
            endError.textContent = 'Ce jour est passé : choisissez aujourd’hui ou plus tard.';
            endError.hidden = false;
            end.setAttribute('aria-invalid', 'true');
            end.setAttribute('aria-describedby', `${endHint} ${endId}-error`);
            end.focus();
            return false;
          }
          const write = (d.root.querySelector<HTMLInputElement>(`input[name="${rightsName}"]:checked`)?.value ?? 'read') === 'write';
          try {
            const saved = await api.share(n.id, [...chosen.values()].map((c) => ({ type: c.type, id: c.id })), write, end.value || null);
            const names = saved.items.map((s) => s.label).join(', ');
            K.toast('success', `« ${n.name} » est partagé avec ${names} (${shareRights(write, end.value || null, (x) => K.format.day(x))}).`);
            return true;
          } catch (e) {
            status.show('error', problemMessage(e), 'Le partage n’a pas été fait');
            return false;
          }
        },
      },
    ],
  });
  try {
    shares = (await api.shares(n.id)).items;
    renderCurrent();
  } catch (e) {
    current.replaceChildren(K.alert('error', problemMessage(e)));
  }
  void picker.run();
  await d.result;
}
