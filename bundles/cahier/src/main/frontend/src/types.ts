/** Shapes of the cahier's REST answers (bundles/cahier/README.md) and of what the shell hands to mount(). */

export interface Division { id: string; label: string; kind: string }
export interface Matiere { code: string; label: string }
export interface Teaching { classe: Division; matiere: Matiere }
export interface Kind { code: string; label: string }

export interface CahierContext {
  profiles: string[];
  teachings: Teaching[];
  divisions: Division[];
  /** Classes of past school years the teacher wrote in (sources of a progression). */
  progressions?: Division[];
  children: { id: string; displayName: string }[];
  schoolYear: { start: string; end: string };
  maxDevoirsParJour: number;
  canWrite: boolean;
  canVisa: boolean;
  canConfigure: boolean;
  kinds: Kind[];
  slots: boolean;
}

export interface Lien { url: string; label: string }
export interface Piece { id: string; name: string; size: number; type: string; url: string }
export interface Amendement { at: string; author: string; texte: string }
export interface VisaInfo { until: string; by: string; at: string }

export interface Devoir {
  id: string;
  seanceId: string | null;
  classe: string;
  classeId: string;
  matiere: string;
  matiereCode: string;
  author: string;
  authorId: string;
  mine: boolean;
  pour: string;
  kind: string;
  kindLabel: string;
  instructions: string;
  minutes: number | null;
  rendu: boolean;
  publishAt: string | null;
  published: boolean;
  done: boolean | null;
  locked: boolean;
  editable: boolean;
  amendements: Amendement[];
}

export interface Seance {
  id: string;
  kind: 'SEANCE' | 'JOURNAL' | string;
  classe: string;
  classeId: string;
  matiere: string;
  matiereCode: string;
  author: string;
  authorId: string;
  mine: boolean;
  date: string;
  debut: string;
  fin: string;
  titre: string;
  contenu: string;
  liens: Lien[];
  pieces: Piece[];
  devoirs: Devoir[];
  publishAt: string | null;
  published: boolean;
  visa: VisaInfo | null;
  locked: boolean;
  editable: boolean;
  amendements: Amendement[];
}

/** A devoir given alone (not attached to a séance). */
export interface StandaloneDevoirInput {
  classe: string;
  matiere: string;
  pour: string;
  kind: string;
  instructions: string;
  minutes?: number | null;
  rendu?: boolean;
  publishAt?: string | null;
}

export interface DevoirInput {
  id?: string;
  pour: string;
  kind: string;
  instructions: string;
  minutes?: number | null;
  rendu?: boolean;
  publishAt?: string | null;
}

export interface SeanceInput {
  classe: string;
  matiere: string;
  kind: string;
  date: string;
  debut: string;
  fin: string;
  titre: string;
  contenu: string;
  liens: Lien[];
  publishAt?: string | null;
  devoirs: DevoirInput[];
}

export interface ChargeDay { date: string; count: number; surTable: number; devoirs: Devoir[]; warnings: string[] }
export interface Charge { max: number; days: ChargeDay[] }
export interface Visa { classeId: string; until: string; by: string; at: string }
export interface Creneau { debut: string; fin: string; label: string }
export interface Items<T> { items: T[] }

/** The part of the shell's API client (context.api) the screen uses: rooted at /api/v1, CSRF added on writes. */
export interface ApiLike {
  get<T>(path: string, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  post<T>(path: string, body?: unknown, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  put<T>(path: string, body?: unknown, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  delete<T>(path: string, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
}

export interface Person { id: string; displayName: string; profiles: string[] }
export interface ChildRef { id: string; displayName: string; classes?: string[] }
