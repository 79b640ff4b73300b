/** Shapes of the files module's REST answers (bundles/files/README.md) and of what the shell hands to mount(). */

export type SpaceKind = 'PERSO' | 'CLASSE' | 'PROFS' | 'ETAB';

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
  uploadWithProgress<T>(path: string, file: Blob & { name?: string }, options?: { query?: Query; onProgress?: (f: number) => void }): Promise<T>;
}

export interface Person { id: string; login?: string; displayName: string; profiles: string[] }
