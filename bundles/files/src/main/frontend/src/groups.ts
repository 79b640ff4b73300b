/**
 * Groupes de travail: « Nouveau groupe de travail » (teachers and the direction: a name, members found in the annuaire
 * with the share dialog's search) and the « Membres » panel of a group (who is in it; for its creator and the
 * direction: add, remove, rename, delete). The box decides everything again; its refusals are shown in the dialog.
 */
import type { FilesApi } from './api.js';
import { checkName, membersSummary, problemMessage } from './logic.js';
import { annuairePicker, type PickerWords } from './picker.js';
import type { WorkGroup } from './types.js';
import { askName, kit, submitOnEnter } from './ui.js';

const MEMBER_WORDS: PickerWords = {
  label: 'Rechercher des membres',
  hint: 'Par leur nom, par exemple « Marchand » : élèves, collègues, personnels ou invités que vous pouvez contacter.',
  legend: 'Personnes trouvées',
  none: 'Personne ne correspond parmi ceux que vous pouvez contacter.',
  noneChosen: 'Aucun membre choisi.',
  one: 'membre choisi',
  many: 'membres choisis',
};

/** Asks for a name and members and creates the group; resolves to it, or null when cancelled. */
export async function newGroupDialog(api: FilesApi): Promise<WorkGroup | null> {
  const K = kit();
  const name = K.textField({ label: 'Nom du groupe', name: 'nom', required: true, maxlength: 100,
    hint: 'Par exemple « Projet théâtre ». Il s’affichera parmi les espaces de chaque membre.' });
  const picker = annuairePicker(api, MEMBER_WORDS, true);
  const status = K.liveRegion('polite');
  let created: WorkGroup | null = null;
  const d = K.dialog<string>({
    title: 'Nouveau groupe de travail',
    body: [name.root, K.h('h3', { class: 'files-share-heading' }, 'Membres'),
      K.h('p', { class: 'hint' }, 'Vous en faites partie d’office. Vous pourrez ajouter ou retirer des membres ensuite.'),
      ...picker.parts, status.root],
    initialFocus: name.input,
    actions: [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' },
      {
        label: 'Créer le groupe', value: 'ok', variant: 'primary', icon: 'users',
        onClick: async () => {
          const wrong = checkName(name.value().trim());
          name.setError(wrong);
          if (wrong) { name.input.focus(); return false; }
          try {
            created = await api.createGroup(name.value().trim(), [...picker.chosen.values()].map((c) => c.id));
            return true;
          } catch (e) {
            status.show('error', problemMessage(e), 'Le groupe n’a pas été créé');
            return false;
          }
        },
      },
    ],
  });
  submitOnEnter(name, d.root);
  void picker.run();
  const r = await d.result;
  return r === 'ok' ? created : null;
}

/**
 * The members of a group, and for whoever manages it: add, remove, rename, delete. Resolves to what changed for the
 * screen: `renamed` (its label in the spaces list), `deleted` (leave it), else null.
 */
export async function membersDialog(api: FilesApi, groupId: string): Promise<'renamed' | 'deleted' | null> {
  const K = kit();
  let group = await api.group(groupId);
  const status = K.liveRegion('polite');
  const list = K.h('div', { class: 'files-shares' });
  const render = () => {
    const ul = K.h('ul', { class: 'files-share-list' });
    for (const m of group.membres) {
      const remove = group.gerer && !m.createur
        ? K.button('Retirer', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer ${m.label} du groupe` }) : null;
      remove?.addEventListener('click', () => void K.withBusy(remove, 'Retrait…', async () => {
        try {
          group = await api.removeMember(group.id, m.id);
          render();
          status.show('success', `${m.label} ne fait plus partie du groupe et n’y a plus accès.`);
          (list.querySelector<HTMLButtonElement>('button') ?? d.root.querySelector<HTMLButtonElement>('.actions button'))?.focus();
        } catch (e) {
          status.show('error', problemMessage(e));
        }
      }));
      ul.append(K.h('li', {}, K.icon('user', 18), ' ', K.h('strong', {}, m.label), m.profil ? ` (${m.profil})` : '',
        m.createur ? ' ' : null, m.createur ? K.h('span', { class: 'badge' }, 'créateur') : null, ' ', remove));
    }
    list.replaceChildren(K.h('p', { class: 'hint' }, membersSummary(group.membres)), ul);
  };
  render();

  const body: HTMLElement[] = [K.h('h3', { class: 'files-share-heading' }, 'Membres'), list];
  if (group.gerer) {
    const picker = annuairePicker(api, MEMBER_WORDS, true);
    const add = K.button('Ajouter au groupe', { variant: 'primary', icon: 'user-plus' });
    add.addEventListener('click', () => void K.withBusy(add, 'Ajout…', async () => {
      if (picker.chosen.size === 0) {
        picker.search.setError('Choisissez au moins une personne à ajouter.');
        picker.search.input.focus();
        return;
      }
      try {
        const names = [...picker.chosen.values()].map((c) => c.label).join(', ');
        group = await api.addMembers(group.id, [...picker.chosen.values()].map((c) => c.id));
        picker.reset();
        render();
        status.show('success', `Ajouté au groupe : ${names}.`);
      } catch (e) {
        status.show('error', problemMessage(e), 'Personne n’a été ajouté');
      }
    }));
    body.push(K.h('h3', { class: 'files-share-heading' }, 'Ajouter des membres'), ...picker.parts, K.h('div', { class: 'actions' }, add));
    void picker.run();
  }
  body.push(status.root);
  const d = K.dialog<string>({
    title: `Groupe de travail « ${group.nom} »`,
    body,
    actions: [
      ...(group.gerer ? [
        { label: 'Renommer le groupe', value: 'rename', variant: 'secondary' as const, icon: 'pencil' },
        { label: 'Supprimer le groupe', value: 'delete', variant: 'danger' as const, icon: 'trash' },
      ] : []),
      { label: 'Fermer', value: 'close', variant: 'secondary' },
    ],
  });
  const r = await d.result;
  if (r === 'rename') {
    const renamed = await askName({ title: 'Renommer le groupe', label: 'Nom du groupe', value: group.nom, confirm: 'Renommer',
      save: (nom) => api.renameGroup(group.id, nom) });
    if (!renamed) return null;
    K.toast('success', `Le groupe s’appelle maintenant « ${renamed.nom} ».`);
    return 'renamed';
  }
  if (r === 'delete') {
    const ok = await K.confirmDialog({
      title: `Supprimer le groupe « ${group.nom} » ?`, danger: true, confirmLabel: 'Supprimer le groupe',
      message: 'Ses membres n’y auront plus accès. Tout son contenu part dans la corbeille de « Mes documents » de son créateur, '
        + 'dans un dossier à son nom, d’où il peut être restauré pendant 30 jours.',
    });
    if (!ok) return null;
    try {
      await api.deleteGroup(group.id);
      K.toast('success', `Le groupe « ${group.nom} » est supprimé ; son contenu est dans la corbeille de son créateur.`);
      return 'deleted';
    } catch (e) {
      K.toast('error', problemMessage(e), { title: 'Le groupe n’a pas été supprimé' });
      return null;
    }
  }
  return null;
}
