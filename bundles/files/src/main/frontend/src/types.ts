/** Shapes of the files module's REST answers (bundles/files/README.md) and of what the shell hands to mount(). */

export type SpaceKind = 'PERSO' | 'CLASSE' | 'PROFS' | 'ETAB' | 'PARTAGE' | 'GROUPE_TRAVAIL';

export interface Space { id: string; kind: SpaceKind | string; label: string; canWrite: boolean }

export interface FileNode {
  id: string;
  espace: string;
  parentId: string | null;
  name: string;
  folder: boolean;
  size: number;
  type: string | null;
  sha256?: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  url: string | null;
}

export interface Crumb { id: string; name: string }

export interface FolderView { espace: Space; dossier: FileNode | null; chemin: Crumb[]; items: FileNode[] }

export interface Quota {
  used: number;
  trash: number;
  limit: number;
  usedLabel: string;
  limitLabel: string;
  percent: number;
  /** The largest single file the box accepts (bytes); absent from an older box. */
  maxFile?: number;
  maxFileLabel?: string;
}

export interface AppPassword { id: string; label: string; createdAt: string; lastUsedAt: string | null; secret?: string | null }

export interface Items<T> { items: T[] }

export interface Destination { espace: string; dossier: string | null; nom?: string; remplacer?: boolean }

type Query = Record<string, string | number | undefined>;

/** The part of the shell's API client (context.api) the screen uses: rooted at /api/v1, CSRF added on writes. */
export interface ApiLike {
  get<T>(path: string, options?: { query?: Query }): Promise<T>;
  post<T>(path: string, body?: unknown, options?: { query?: Query }): Promise<T>;
  delete<T>(path: string, options?: { query?: Query }): Promise<T>;
  uploadWithProgress<T>(path: string, file: Blob & { name?: string }, options?: { query?: Query; onProgress?: (f: number) => void; method?: 'POST' | 'PUT' }): Promise<T>;
}

export interface Person { id: string; login?: string; displayName: string; profiles: string[] }

// ——— sharing (/files/partages) ———

/** A share as its owner sees it; `jusqua`: its last day (YYYY-MM-DD) or null. */
export interface Share {
  id: string; noeud: string; type: 'PERSONNE' | 'CLASSE'; destinataire: string; label: string;
  ecriture: boolean; jusqua: string | null; expire: boolean; createdAt: string;
}

export interface SharedItem { noeud: FileNode; espace: string; ecriture: boolean; par: string; jusqua: string | null }

export interface Grantee { type: 'PERSONNE' | 'CLASSE'; id: string }

export interface Choices { personnes: { id: string; label: string; profil: string }[]; classes: { id: string; label: string }[] }

// ——— drop boxes (/files/depots) ———

export interface DevoirRef { id: string; matiere: string | null; pour: string | null; titre: string | null }

export interface DropBox {
  id: string; classe: string; classeLabel: string; titre: string; consignes: string | null; echeance: string; ouverte: boolean;
  devoir: DevoirRef | null; enseignant: string; role: 'ENSEIGNANT' | 'ELEVE';
  eleves?: number | null; rendus?: number | null; enRetardCount?: number | null; corriges?: number | null;
  rendu?: boolean | null; enRetard?: boolean | null; corrige?: boolean | null;
}

export interface BoxFile { id: string; nom: string; taille: number; type: string | null; depose: string; enRetard: boolean; url: string }

export interface BoxPupil { id: string; nom: string; enRetard: boolean; rendus: BoxFile[]; corriges: BoxFile[] }

export interface BoxDetail { depot: DropBox; eleves: BoxPupil[] | null; mesRendus: BoxFile[] | null; corriges: BoxFile[] | null }

export interface NewBox { classe: string; titre: string; consignes?: string; echeance: string; devoir?: string }

/** An earlier content of a file (kept when it was overwritten). */
export interface Version { id: string; size: number; sizeLabel: string; type: string | null; modifiedAt: string; replacedAt: string; replacedBy: string; url: string }

/** Where a person opens a file or folder (a search hit): the folder to show (null: the space's root), the file in it. */
export interface NodeLocation {
  espace: string;
  dossier: string | null;
  fichier: string | null;
}

// ——— resumable uploads (/files/envois) ———

/** A resumable upload: `recu` the bytes the box holds (where the next piece starts), until `expire`. */
export interface UploadSession { id: string; nom: string; taille: number; recu: number; expire: string; url: string }

export interface NewUpload { espace: string; dossier?: string | null; nom: string; taille: number; type?: string; remplacer?: boolean }

// ——— groupes de travail (/files/groupes) ———

/** A member of a groupe de travail: its creator (`createur`) or a member, who added them and when. */
export interface GroupMember { id: string; label: string; profil: string; createur: boolean; ajoutePar: string | null; ajouteLe: string }

/** A groupe de travail: its space (`travail:<id>`), its members (the creator first), whether the caller manages it. */
export interface WorkGroup { id: string; espace: string; nom: string; createur: string; creeLe: string; membres: GroupMember[]; gerer: boolean }

export interface WorkGroups { peutCreer: boolean; items: WorkGroup[] }
