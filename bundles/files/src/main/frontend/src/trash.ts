/**
 * The trash of a space (its writers only): what was deleted, when, and how long before it is erased
 * for good; restore one, delete one for good, or empty it (both asked first).
 */
import type { FilesApi } from './api.js';
import type { Column } from './kit.js';
import { daysLeft, folderPath, formatBytes, plural, problemMessage, purgeText, TRASH_DAYS } from './logic.js';
import type { FileNode, Space } from './types.js';
import { kit, nodeLabel, uid } from './ui.js';

export function trashScreen(root: HTMLElement, o: { api: FilesApi; space: Space; items: FileNode[]; link: (path: string) => string; focus: boolean }): () => void {
  const K = kit();
  const { api, space } = o;
  let items = o.items;
  let live = true;
  const headingId = uid('trash');
  const heading = K.h('h2', { id: headingId, tabindex: '-1' }, K.icon('trash', 22), ' ', `Corbeille : ${space.label}`);
  const back = K.h('p', {}, K.h('a', { class: 'back-link', href: o.link(folderPath(space.id, null)) }, K.icon('arrow-left', 18), `Revenir à « ${space.label} »`));
  const lead = K.h('p', { class: 'lead' },
    `Ce qui est supprimé reste ici ${TRASH_DAYS} jours : vous pouvez le remettre à sa place. Ensuite, il est effacé pour de bon. La corbeille compte dans la place utilisée.`);

  const columns: Column<FileNode>[] = [
    { key: 'name', label: 'Nom', rowHeader: true, sortable: true, value: (n) => n.name, render: (n) => K.h('span', { class: 'files-name', 'data-node-id': n.id }, ...nodeLabel(n)) },
    { key: 'size', label: 'Taille', numeric: true, sortable: true, value: (n) => (n.folder ? null : n.size), render: (n) => (n.folder ? '' : formatBytes(n.size)) },
    {
      key: 'deletedAt', label: 'Supprimé', sortable: true, value: (n) => (n.deletedAt ? new Date(n.deletedAt) : null),
      render: (n) => n.deletedAt
        ? K.h('span', {}, K.h('time', { datetime: n.deletedAt }, K.format.relative(new Date(n.deletedAt))),
          K.h('br', {}), K.h('span', { class: 'hint' }, purgeText(daysLeft(n.deletedAt))))
        : '',
    },
    {
      key: 'actions', label: 'Actions',
      render: (n) => {
        const restore = K.button('Restaurer', { variant: 'secondary', icon: 'rotate-ccw', ariaLabel: `Restaurer ${n.name}` });
        restore.addEventListener('click', () => void K.withBusy(restore, 'Restauration…', async () => {
          try {
            const r = await api.restore(n.id);
            K.toast('success', r.name === n.name ? `« ${n.name} » est revenu dans « ${space.label} ».` : `« ${n.name} » est revenu sous le nom « ${r.name} ».`);
            await refresh();
          } catch (e) {
            K.toast('error', problemMessage(e));
          }
        }));
        const purge = K.button('Supprimer définitivement', { variant: 'ghost', icon: 'x', ariaLabel: `Supprimer définitivement ${n.name}` });
        purge.addEventListener('click', async () => {
          const ok = await K.confirmDialog({
            title: `Supprimer « ${n.name} » pour de bon ?`, danger: true, confirmLabel: 'Supprimer définitivement',
            message: n.folder ? 'Le dossier et tout ce qu’il contient seront effacés. Vous ne pourrez pas les récupérer.' : 'Il sera effacé. Vous ne pourrez pas le récupérer.',
          });
          if (!ok) return;
          try {
            await api.purge(n.id);
            K.toast('success', `« ${n.name} » est effacé.`);
            await refresh();
          } catch (e) {
            K.toast('error', problemMessage(e));
          }
        });
        return K.h('div', { class: 'row-actions' }, restore, purge);
      },
    },
  ];
  const table = K.dataTable<FileNode>({
    caption: `Corbeille de « ${space.label} »`, columns, rows: items, empty: 'La corbeille est vide.', emptyIcon: 'trash',
    sort: { key: 'deletedAt', direction: 'descending' },
  });
  const empty = K.button('Vider la corbeille', { variant: 'danger', icon: 'trash' });
  const tools = K.h('div', { class: 'actions' }, empty);
  const syncTools = () => { tools.hidden = items.length === 0; };
  syncTools();
  empty.addEventListener('click', async () => {
    const ok = await K.confirmDialog({
      title: 'Vider la corbeille ?', danger: true, confirmLabel: 'Vider la corbeille',
      message: `${plural(items.length, 'élément sera effacé', 'éléments seront effacés')} pour de bon. Vous ne pourrez pas les récupérer.`,
    });
    if (!ok) return;
    await K.withBusy(empty, 'Effacement…', async () => {
      let failed = 0;
      for (const n of items.slice()) {
        try { await api.purge(n.id); } catch { failed += 1; }
      }
      if (failed) K.toast('error', `${plural(failed, 'élément n’a', 'éléments n’ont')} pas pu être effacé${failed > 1 ? 's' : ''}. Réessayez.`);
      else K.toast('success', 'La corbeille est vide.');
      await refresh();
    });
  });

  async function refresh(): Promise<void> {
    try {
      const r = await api.trash(space.id);
      if (!live) return;
      items = r.items;
      table.setRows(items);
      syncTools();
    } catch (e) {
      if (live) K.toast('error', problemMessage(e));
    }
    if (live && !root.contains(document.activeElement)) heading.focus();
  }

  root.replaceChildren(K.h('section', { class: 'files-trash', 'aria-labelledby': headingId }, back, heading, lead, tools, table.root));
  if (o.focus) heading.focus();
  return () => { live = false; };
}
