/**
 * One folder of a space: where it is (breadcrumb), the space's room (quota), what it holds (name,
 * size, date, a kind's icon), and — where the person may write — upload with a bar per file, a new
 * folder, rename, move, copy and delete to the trash (« Annuler » in the toast). In a read-only
 * space: open, download, and copy into one's own spaces. Images and PDFs show a thumbnail (loaded lazily, none when
 * the box has no preview) that opens the preview panel; big files go up in resumable pieces (resumable.ts).
 */
import type { FilesApi } from './api.js';
import { moveOrCopy } from './destination.js';
import type { Column } from './kit.js';
import { breadcrumb, folderPath, groupOf, formatBytes, hasPreview, parentOf, previewAlt, problemMessage, quotaText, shareRights, uploadSummary } from './logic.js';
import { resumableClient } from './resumable.js';
import { membersDialog } from './groups.js';
import { shareDialog } from './share.js';
import type { FileNode, FolderView, Quota, SharedItem, Space, Version } from './types.js';
import { askName, describe, kit, nodeLabel, uid } from './ui.js';

export interface FolderContext {
  api: FilesApi;
  spaces: Space[];
  view: FolderView;
  quota: Quota | null;
  link: (path: string) => string;
  /** Put the view's heading under focus once shown (the person came from a link of this screen). */
  focus: boolean;
  /** At the root of « Partagés avec moi »: who shared each item, how, until when. */
  shared?: SharedItem[];
  /** A file to show (a search hit): its row is marked and its name takes the focus. */
  highlight?: string | null;
}

export function folderScreen(root: HTMLElement, o: FolderContext): () => void {
  const K = kit();
  const { api } = o;
  let view = o.view;
  const space = view.espace;
  const folderId = view.dossier?.id ?? null;
  const canWrite = space.canWrite;
  const sharedSpace = space.kind === 'PARTAGE';
  const sharedRoot = sharedSpace && !view.dossier;
  // the owner's own spaces (not a folder reached through a share): they share what is there
  const owner = !sharedSpace && o.spaces.some((s) => s.id === space.id && s.canWrite);
  const sharedBy = new Map((o.shared ?? []).map((x) => [x.noeud.id, x]));
  let live = true;

  // ——— where: breadcrumb, heading, what one may do here ———
  const crumbs = breadcrumb(space, view.chemin);
  // the way down from the space's root, once inside a folder (at the root the heading says it all)
  const nav = view.chemin.length === 0 ? null : K.h('nav', { class: 'breadcrumb files-breadcrumb', 'aria-label': 'Emplacement du dossier' },
    K.h('ol', {}, ...crumbs.map((c) => K.h('li', {}, c.current
      ? K.h('span', { 'aria-current': 'page' }, c.label)
      : K.h('a', { href: o.link(c.path) }, c.label)))));
  const headingId = uid('heading');
  const heading = K.h('h2', { id: headingId, tabindex: '-1', class: 'files-heading' },
    K.icon(view.dossier ? 'folder-open' : 'folder', 22), ' ', view.dossier?.name ?? space.label);
  const parent = parentOf(view.chemin);
  const upLink = parent === null ? null
    : K.h('p', {}, K.h('a', { class: 'back-link', href: o.link(folderPath(space.id, parent || null)) }, K.icon('arrow-left', 18), 'Remonter d’un dossier'));
  const readOnly = sharedRoot
    ? K.h('p', { class: 'lead' }, 'Ce que d’autres ont partagé avec vous : ouvrez-le, téléchargez-le ou copiez-le dans vos documents. Un partage peut avoir une date de fin.')
    : canWrite ? null
      : K.alert('info', 'Vous pouvez ouvrir et télécharger ces documents, ou les copier dans vos propres espaces, mais pas en déposer ici.', 'Lecture seule');

  // ——— the room of the space ———
  const quotaBox = K.h('div', { class: 'files-quota' });
  function renderQuota(q: Quota | null): void {
    quotaBox.replaceChildren();
    if (!q || !canWrite || sharedSpace) return;
    const t = quotaText(q);
    const textId = uid('quota');
    quotaBox.append(
      K.h('p', { id: textId, class: 'files-quota-text' }, K.h('strong', {}, 'Place utilisée : '), t.sentence, t.trash ? `, ${t.trash}` : '', '.'),
      K.h('progress', { class: 'bar', max: 100, value: t.percent, 'aria-labelledby': textId }));
    if (t.warning) quotaBox.append(K.alert(t.level === 'full' ? 'error' : 'warning', t.warning));
  }
  renderQuota(o.quota);

  // ——— what it holds ———
  const status = K.statusText();
  // the row's « Actions » sits beside its name: on a phone, three columns fit without scrolling sideways
  const actionsButton = (n: FileNode) => {
    const b = K.button('', { variant: 'ghost', icon: 'ellipsis', ariaLabel: `Actions : ${n.name}` });
    b.classList.add('files-actions');
    b.dataset.nodeId = n.id;
    b.title = 'Actions';
    b.addEventListener('click', () => { void actionsFor(n); });
    return b;
  };
  const columns: Column<FileNode>[] = [
    {
      key: 'name', label: 'Nom', rowHeader: true, sortable: true,
      value: (n) => `${n.folder ? 0 : 1} ${n.name}`,
      render: (n) => K.h('div', { class: 'row-actions files-row' }, thumbnail(n), n.folder
        ? K.h('a', { href: o.link(folderPath(space.id, n.id)), class: 'files-name', 'data-node-id': n.id }, ...nodeLabel(n))
        : K.h('a', { href: api.downloadUrl(n), download: n.name, class: 'files-name', 'data-node-id': n.id }, ...nodeLabel(n, ' (télécharger)')),
      actionsButton(n), sharedNote(n)),
    },
    { key: 'size', label: 'Taille', numeric: true, sortable: true, value: (n) => (n.folder ? null : n.size), render: (n) => (n.folder ? '' : formatBytes(n.size)) },
    {
      key: 'updatedAt', label: 'Modifié', sortable: true, value: (n) => new Date(n.updatedAt),
      render: (n) => K.h('time', { datetime: n.updatedAt }, K.format.relative(new Date(n.updatedAt))),
    },
  ];
  /** The thumbnail of an image or a PDF: a button opening its preview; gone when the box has none for this file. */
  function thumbnail(n: FileNode): HTMLElement | null {
    if (!hasPreview(n)) return null;
    const img = K.h('img', { src: api.previewUrl(n), alt: previewAlt(n), loading: 'lazy', decoding: 'async', width: 48, height: 48, class: 'thumbnail' });
    const b = K.h('button', { type: 'button', class: 'thumbnail-button', title: 'Aperçu', 'data-node-id': n.id }, img);
    b.addEventListener('click', () => { void previewOf(n); });
    img.addEventListener('error', () => { b.remove(); });
    return b;
  }

  /** The preview panel: the picture (or the first page) larger, what the file is, and its download. */
  async function previewOf(n: FileNode): Promise<void> {
    const img = K.h('img', { src: api.previewUrl(n, 'grande'), alt: previewAlt(n), decoding: 'async' });
    const none = K.h('p', { hidden: true }, 'Pas d’aperçu pour ce fichier : téléchargez-le pour l’ouvrir.');
    img.addEventListener('error', () => { img.remove(); none.hidden = false; });
    const figure = K.h('figure', { class: 'preview-figure' }, img, K.h('figcaption', { class: 'hint' }, describe(n)), none);
    const d = K.dialog<'download' | 'close'>({
      title: n.name, body: [figure],
      actions: [{ label: 'Télécharger', value: 'download', variant: 'primary', icon: 'download' }, { label: 'Fermer', value: 'close', variant: 'secondary' }],
    });
    if (await d.result === 'download') download(api.downloadUrl(n), n.name);
  }

  function download(href: string, name: string): void {
    const a = K.h('a', { href, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
  }

  function sharedNote(n: FileNode): HTMLElement | null {
    const x = sharedBy.get(n.id);
    if (!x) return null;
    return K.h('span', { class: 'hint files-shared-by' }, `Partagé par ${x.par}, ${shareRights(x.ecriture, x.jusqua, (d) => K.format.day(d))}`);
  }

  const table = K.dataTable<FileNode>({
    caption: `Contenu de « ${view.dossier?.name ?? space.label} »`, columns, rows: view.items,
    empty: sharedRoot ? 'Rien n’est partagé avec vous pour l’instant.'
      : canWrite ? 'Ce dossier est vide. Déposez-y des fichiers ou créez un dossier.' : 'Ce dossier est vide pour l’instant.',
    emptyIcon: 'folder-open',
  });

  async function refresh(focusId?: string | null): Promise<void> {
    try {
      const [v, q] = await Promise.all([api.folder(space.id, folderId), canWrite && !sharedSpace ? api.quota(space.id).catch(() => null) : Promise.resolve(null)]);
      if (!live) return;
      view = v;
      table.setRows(v.items);
      renderQuota(q);
    } catch (e) {
      if (!live) return;
      K.toast('error', problemMessage(e));
    }
    if (focusId !== undefined) {
      const target = focusId ? root.querySelector<HTMLElement>(`.files-name[data-node-id="${CSS.escape(focusId)}"]`) : null;
      (target ?? heading).focus();
    }
  }

  // ——— actions on one node ———
  async function actionsFor(n: FileNode): Promise<void> {
    type Act = 'download' | 'zip' | 'preview' | 'versions' | 'rename' | 'move' | 'copy' | 'delete' | 'open' | 'share';
    const actions: { label: string; value: Act; variant?: 'primary' | 'secondary' | 'ghost' | 'danger'; icon?: string }[] = [];
    if (n.folder) {
      actions.push({ label: 'Ouvrir', value: 'open', variant: 'secondary', icon: 'folder-open' },
        { label: 'Télécharger (zip)', value: 'zip', variant: 'secondary', icon: 'download' });
    }
    else {
      if (hasPreview(n)) actions.push({ label: 'Aperçu', value: 'preview', variant: 'secondary', icon: 'eye' });
      actions.push({ label: 'Télécharger', value: 'download', variant: 'secondary', icon: 'download' },
        { label: 'Versions précédentes', value: 'versions', variant: 'secondary', icon: 'clock' });
    }
    if (owner) actions.push({ label: 'Partager', value: 'share', variant: 'secondary', icon: 'link' });
    if (canWrite && !sharedRoot) {
      actions.push({ label: 'Renommer', value: 'rename', variant: 'secondary', icon: 'pencil' },
        { label: 'Déplacer', value: 'move', variant: 'secondary', icon: 'folder-input' },
        { label: 'Copier', value: 'copy', variant: 'secondary', icon: 'copy' },
        { label: 'Mettre à la corbeille', value: 'delete', variant: 'danger', icon: 'trash' });
    } else {
      actions.push({ label: 'Copier dans mes espaces', value: 'copy', variant: 'secondary', icon: 'copy' });
    }
    const when = K.format.relative(new Date(n.updatedAt));
    const d = K.dialog<Act>({ title: n.name, body: `${describe(n)} ; modifié ${when.startsWith('il y a') || when.startsWith('à l') ? when : `le ${when}`}.`, actions });
    const choice = await d.result;
    switch (choice) {
      case 'open': window.location.hash = o.link(folderPath(space.id, n.id)); break;
      case 'download': download(api.downloadUrl(n), n.name); break;
      case 'zip': download(api.folderZipUrl(n), `${n.name}.zip`); break;
      case 'preview': await previewOf(n); break;
      case 'rename': {
        const renamed = await askName({
          title: `Renommer « ${n.name} »`, label: n.folder ? 'Nouveau nom du dossier' : 'Nouveau nom du fichier', value: n.name,
          confirm: 'Renommer', save: (name) => api.rename(n.id, name),
        });
        if (renamed) {
          await refresh(renamed.id);
          K.toast('success', `« ${n.name} » s’appelle maintenant « ${renamed.name} ».`);
        }
        break;
      }
      case 'move': case 'copy': {
        const moved = await moveOrCopy(api, { mode: choice, node: n, spaces: o.spaces, start: { space: space.id, folder: folderId } });
        if (moved) {
          const target = o.spaces.find((s) => s.id === moved.espace)?.label ?? '';
          await refresh(moved.espace === space.id && moved.parentId === folderId ? moved.id : null);
          K.toast('success', choice === 'move' ? `« ${n.name} » est déplacé dans « ${target} ».` : `« ${moved.name} » est copié dans « ${target} ».`);
        }
        break;
      }
      case 'delete': await trashNode(n); break;
      case 'share': await shareDialog(api, n); break;
      case 'versions': await versionsOf(n); break;
      default: break;
    }
  }

  /** The earlier contents of a file: download one, or (where one writes) put it back (the current one is kept as a version). */
  async function versionsOf(n: FileNode): Promise<void> {
    let items: Version[];
    try {
      items = (await api.versions(n.id)).items;
    } catch (e) {
      K.toast('error', problemMessage(e));
      return;
    }
    let restored: FileNode | null = null;
    const list = items.length === 0
      ? K.h('p', {}, 'Aucune version précédente : elles sont gardées quand le fichier est remplacé.')
      : K.h('ul', { class: 'files-versions' }, ...items.map((v) => {
        const when = K.format.relative(new Date(v.modifiedAt));
        const parts: (HTMLElement | string)[] = [
          K.h('a', { href: v.url, download: n.name }, K.icon('download', 18), ` Version ${when.startsWith('il y a') ? `d’${when}` : `du ${when}`}`),
          K.h('span', { class: 'hint' }, ` (${v.sizeLabel}, remplacée par ${v.replacedBy})`),
        ];
        if (canWrite) {
          const back = K.button('Restaurer', { variant: 'secondary', icon: 'rotate-ccw', ariaLabel: `Restaurer la version ${when}` });
          back.addEventListener('click', () => void K.withBusy(back, 'Restauration…', async () => {
            try {
              restored = await api.restoreVersion(n.id, v.id);
              d.close('done');
            } catch (e) {
              K.toast('error', problemMessage(e));
            }
          }));
          parts.push(' ', back);
        }
        return K.h('li', {}, ...parts);
      }));
    const d = K.dialog<string>({ title: `Versions de « ${n.name} »`, body: [list], actions: [{ label: 'Fermer', value: 'close', variant: 'secondary' }] });
    await d.result;
    if (restored) {
      await refresh((restored as FileNode).id);
      K.toast('success', `La version choisie de « ${n.name} » est revenue ; celle d’avant est gardée dans les versions.`);
    }
  }

  async function trashNode(n: FileNode): Promise<void> {
    try {
      await api.remove(n.id);
    } catch (e) {
      K.toast('error', problemMessage(e));
      return;
    }
    await refresh(null);
    K.toast('success', `« ${n.name} » est dans la corbeille (30 jours pour le restaurer).`, {
      duration: 10000,
      action: {
        label: 'Annuler',
        onClick: async () => {
          try {
            const back = await api.restore(n.id);
            await refresh(back.id);
            K.toast('success', `« ${back.name} » est revenu à sa place.`);
          } catch (e) {
            K.toast('error', problemMessage(e));
          }
        },
      },
    });
  }

  // ——— writing: upload, new folder, trash ———
  let tools: HTMLElement | null = null;
  let uploadPanel: HTMLElement | null = null;
  if (canWrite) {
    const uploadId = uid('upload');
    const picker = K.filePicker({
      label: 'Fichiers à déposer', name: 'fichiers', multiple: true, maxFiles: 50, required: true,
      maxSize: o.quota?.maxFile && o.quota.maxFile > 0 ? o.quota.maxFile : undefined,
      hint: `Ils iront dans « ${view.dossier?.name ?? space.label} ».`,
    });
    const outcome = K.h('div', { class: 'live', role: 'status' });
    const send = K.button('Envoyer les fichiers', { variant: 'primary', icon: 'upload' });
    send.addEventListener('click', () => {
      outcome.replaceChildren();
      if (picker.files().length === 0) {
        picker.setError('Choisissez d’abord des fichiers, ou déposez-les dans la zone.');
        return;
      }
      void K.withBusy(send, 'Envoi en cours…', async () => {
        // big files go in resumable pieces, the others in one request; the picker's bar follows either
        const results = await picker.upload<FileNode>(resumableClient(api), (f: File) => api.uploadPath(f), { query: api.uploadQuery(space.id, folderId) });
        if (!live) return;
        const summary = uploadSummary(results);
        picker.clear();
        outcome.replaceChildren(K.alert(summary.kind, summary.failures.length
          ? K.h('ul', { class: 'refused-list' }, ...summary.failures.map((f) => K.h('li', {}, f))) : summary.message,
        summary.failures.length ? summary.message : undefined));
        await refresh();
      });
    });
    uploadPanel = K.h('section', { id: uploadId, class: 'panel files-upload', 'aria-labelledby': `${uploadId}-title` },
      K.h('h3', { id: `${uploadId}-title` }, 'Déposer des fichiers'), picker.root, K.h('div', { class: 'actions' }, send), outcome);
    uploadPanel.hidden = view.items.length > 0;
    const toggle = K.button('Déposer des fichiers', { variant: 'primary', icon: 'upload' });
    toggle.setAttribute('aria-controls', uploadId);
    const syncToggle = () => toggle.setAttribute('aria-expanded', String(!uploadPanel!.hidden));
    syncToggle();
    toggle.addEventListener('click', () => {
      uploadPanel!.hidden = !uploadPanel!.hidden;
      syncToggle();
      if (!uploadPanel!.hidden) uploadPanel!.querySelector<HTMLButtonElement>('.dropzone button')?.focus();
    });
    // files dragged over the folder open the drop zone
    root.addEventListener('dragenter', (e) => {
      if (uploadPanel!.hidden && e.dataTransfer?.types.includes('Files')) { uploadPanel!.hidden = false; syncToggle(); }
    });
    const mkdir = K.button('Nouveau dossier', { variant: 'secondary', icon: 'folder-plus' });
    mkdir.addEventListener('click', async () => {
      const made = await askName({
        title: 'Nouveau dossier', label: 'Nom du dossier', confirm: 'Créer le dossier',
        hint: `Il sera créé dans « ${view.dossier?.name ?? space.label} ».`, save: (name) => api.mkdir(space.id, folderId, name),
      });
      if (made) {
        await refresh(made.id);
        K.toast('success', `Le dossier « ${made.name} » est créé.`);
      }
    });
    const trash = sharedSpace || !owner ? null
      : K.h('a', { class: 'btn btn-ghost', href: o.link(`espace/${space.id}/corbeille`) }, K.icon('trash', 18), K.h('span', {}, 'Corbeille'));
    tools = K.h('div', { class: 'actions files-tools' }, toggle, mkdir, trash, membersButton());
  }

  /** In a groupe de travail: who is in it (and, for its creator and the direction, managing it). */
  function membersButton(): HTMLButtonElement | null {
    const group = groupOf(space.id);
    if (!group) return null;
    const b = K.button('Membres', { variant: 'ghost', icon: 'users', ariaLabel: `Membres du groupe de travail « ${space.label} »` });
    b.addEventListener('click', () => void K.withBusy(b, 'Ouverture…', async () => {
      try {
        const changed = await membersDialog(api, group);
        if (changed === 'deleted') window.location.assign(o.link(''));
        else if (changed === 'renamed') window.location.reload();
      } catch (e) {
        status.say(problemMessage(e));
      }
    }));
    return b;
  }

  const section = K.h('section', { class: 'files-folder', 'aria-labelledby': headingId },
    nav, heading, upLink, readOnly, quotaBox, tools, uploadPanel, status.root, table.root);
  root.replaceChildren(section);
  const found = o.highlight ? root.querySelector<HTMLElement>(`.files-name[data-node-id="${CSS.escape(o.highlight)}"]`) : null;
  if (found) {
    found.closest('tr')?.classList.add('is-found');
    found.scrollIntoView({ block: 'center' });
    found.focus();
  } else if (o.focus) {
    heading.focus();
  }
  return () => { live = false; };
}
