/**
 * The files module's REST calls (bundles/files/README.md) over the shell's client (context.api,
 * rooted at /api/v1, CSRF header on writes, errors carrying the French title and the stable code).
 */
import type {
  ApiLike, AppPassword, BoxDetail, BoxFile, Choices, Destination, DevoirRef, DropBox, FileNode, FolderView, Grantee, Items, NewBox, NewUpload,
  NodeLocation, Quota, Share, SharedItem, Space, UploadSession, Version, WorkGroup, WorkGroups,
} from './types.js';

const enc = encodeURIComponent;

export class FilesApi {
  constructor(private readonly api: ApiLike) {}

  /** The client the kit's file picker sends through (progress, CSRF, French errors). */
  get client(): ApiLike { return this.api; }

  spaces(): Promise<Items<Space>> { return this.api.get('files/espaces'); }

  /** A folder of a space (`dossier` null or '': its root), folders first. */
  folder(espace: string, dossier: string | null): Promise<FolderView> {
    return this.api.get('files/dossier', { query: { espace, dossier: dossier || undefined } });
  }

  quota(espace: string): Promise<Quota> { return this.api.get('files/quota', { query: { espace } }); }

  mkdir(espace: string, dossier: string | null, nom: string): Promise<FileNode> {
    return this.api.post('files/dossiers', { espace, dossier: dossier || null, nom });
  }

  /** Where one file goes: its bytes as the body, its name in `nom` (the space and folder in the upload's query). */
  uploadPath(file: { name: string }): string {
    return `files/fichiers?nom=${enc(file.name)}`;
  }

  uploadQuery(espace: string, dossier: string | null): Record<string, string | undefined> {
    return { espace, dossier: dossier || undefined };
  }

  /** A folder and what it holds, as one zip. */
  folderZipUrl(node: Pick<FileNode, 'id'>): string { return `/api/v1/files/dossiers/${enc(node.id)}/archive`; }

  /** The address a browser downloads a file from (an attachment). */
  downloadUrl(node: Pick<FileNode, 'id'>): string { return `/api/v1/files/fichiers/${enc(node.id)}`; }

  /** A file's thumbnail (`vignette`, in the listing) or its larger preview (`grande`): a JPEG, or 404 when it has none. */
  previewUrl(node: Pick<FileNode, 'id'>, taille: 'vignette' | 'grande' = 'vignette'): string {
    return `/api/v1/files/fichiers/${enc(node.id)}/apercu?taille=${taille}`;
  }

  // ——— resumable uploads (big files) ———

  openUpload(o: NewUpload): Promise<UploadSession> {
    const b: NewUpload = { espace: o.espace, dossier: o.dossier || null, nom: o.nom, taille: o.taille };
    if (o.type) b.type = o.type;
    if (o.remplacer) b.remplacer = true;
    return this.api.post('files/envois', b);
  }

  /** Where a session stands (`recu`: where to resume). */
  uploadStatus(id: string): Promise<UploadSession> { return this.api.get(`files/envois/${enc(id)}`); }

  /** Where a piece starting at `position` goes (PUT, the bytes as the body). */
  piecePath(id: string, position: number): string { return `files/envois/${enc(id)}?position=${position}`; }

  finishUpload(id: string): Promise<FileNode> { return this.api.post(`files/envois/${enc(id)}/terminer`); }

  cancelUpload(id: string): Promise<void> { return this.api.delete(`files/envois/${enc(id)}`); }

  rename(id: string, nom: string): Promise<FileNode> { return this.api.post(`files/noeuds/${enc(id)}/renommer`, { nom }); }

  move(id: string, to: Destination): Promise<FileNode> { return this.api.post(`files/noeuds/${enc(id)}/deplacer`, body(to)); }

  copy(id: string, to: Destination): Promise<FileNode> { return this.api.post(`files/noeuds/${enc(id)}/copier`, body(to)); }

  /** Into the trash of its space (a folder with what it holds). */
  remove(id: string): Promise<void> { return this.api.delete(`files/noeuds/${enc(id)}`); }

  trash(espace: string): Promise<Items<FileNode>> { return this.api.get('files/corbeille', { query: { espace } }); }

  restore(id: string): Promise<FileNode> { return this.api.post(`files/corbeille/${enc(id)}/restaurer`); }

  purge(id: string): Promise<void> { return this.api.delete(`files/corbeille/${enc(id)}`); }

  appPasswords(): Promise<Items<AppPassword>> { return this.api.get('files/mots-de-passe'); }

  createAppPassword(label: string): Promise<AppPassword> { return this.api.post('files/mots-de-passe', { label }); }

  revokeAppPassword(id: string): Promise<void> { return this.api.delete(`files/mots-de-passe/${enc(id)}`); }

  /** Where the person finds a file or folder (a search hit): its folder, or « Partagés avec moi ». */
  location(id: string): Promise<NodeLocation> { return this.api.get(`files/noeuds/${enc(id)}/emplacement`); }

  // ——— versions ———

  versions(id: string): Promise<Items<Version>> { return this.api.get(`files/noeuds/${enc(id)}/versions`); }

  restoreVersion(id: string, version: string): Promise<FileNode> {
    return this.api.post(`files/noeuds/${enc(id)}/versions/${enc(version)}/restaurer`);
  }

  // ——— sharing ———

  shares(noeud: string): Promise<Items<Share>> { return this.api.get('files/partages', { query: { noeud } }); }

  share(noeud: string, destinataires: Grantee[], ecriture: boolean, jusqua: string | null): Promise<Items<Share>> {
    return this.api.post('files/partages', { noeud, destinataires, ecriture, jusqua: jusqua || null });
  }

  unshare(id: string): Promise<void> { return this.api.delete(`files/partages/${enc(id)}`); }

  sharedWithMe(): Promise<Items<SharedItem>> { return this.api.get('files/partages/avec-moi'); }

  candidates(q: string): Promise<Choices> { return this.api.get('files/partages/destinataires', { query: { q: q || undefined } }); }

  // ——— groupes de travail ———

  groups(): Promise<WorkGroups> { return this.api.get('files/groupes'); }

  group(id: string): Promise<WorkGroup> { return this.api.get(`files/groupes/${enc(id)}`); }

  createGroup(nom: string, membres: string[]): Promise<WorkGroup> { return this.api.post('files/groupes', { nom, membres }); }

  renameGroup(id: string, nom: string): Promise<WorkGroup> { return this.api.post(`files/groupes/${enc(id)}/renommer`, { nom }); }

  addMembers(id: string, membres: string[]): Promise<WorkGroup> { return this.api.post(`files/groupes/${enc(id)}/membres`, { membres }); }

  removeMember(id: string, personne: string): Promise<WorkGroup> { return this.api.delete(`files/groupes/${enc(id)}/membres/${enc(personne)}`); }

  /** Its content goes to its creator's trash (`corbeille`: that folder). */
  deleteGroup(id: string): Promise<{ corbeille: FileNode | null }> { return this.api.delete(`files/groupes/${enc(id)}`); }

  // ——— drop boxes ———

  dropBoxes(): Promise<Items<DropBox>> { return this.api.get('files/depots'); }

  dropBox(id: string): Promise<BoxDetail> { return this.api.get(`files/depots/${enc(id)}`); }

  openDropBox(box: NewBox): Promise<DropBox> { return this.api.post('files/depots', box); }

  /** The classes and groupes where the caller may open a drop box. */
  dropBoxClasses(): Promise<Items<{ id: string; label: string }>> { return this.api.get('files/depots/classes'); }

  /** The devoirs to hand in of a class (from the cahier de textes, when installed). */
  devoirs(classe: string): Promise<{ cahier: boolean; items: DevoirRef[] }> { return this.api.get('files/depots/devoirs', { query: { classe } }); }

  /** Where a pupil's hand-in goes (the bytes as the body). */
  handInPath(box: string, file: { name: string }): string { return `files/depots/${enc(box)}/rendus?nom=${enc(file.name)}`; }

  /** Where a corrected file for a pupil goes. */
  correctedPath(box: string, pupil: string, file: { name: string }): string {
    return `files/depots/${enc(box)}/eleves/${enc(pupil)}/corriges?nom=${enc(file.name)}`;
  }

  withdraw(box: string, file: string): Promise<void> { return this.api.delete(`files/depots/${enc(box)}/rendus/${enc(file)}`); }

  /** Every hand-in of a box as one zip (a folder per pupil). */
  zipUrl(box: string): string { return `/api/v1/files/depots/${enc(box)}/archive`; }

  fileUrl(f: Pick<BoxFile, 'url'>): string { return f.url; }
}

function body(to: Destination): Destination {
  const out: Destination = { espace: to.espace, dossier: to.dossier || null };
  if (to.nom) out.nom = to.nom;
  if (to.remplacer) out.remplacer = true;
  return out;
}
