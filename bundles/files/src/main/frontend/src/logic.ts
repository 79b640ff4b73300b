/**
 * The screen's pure logic (no DOM): sizes, the addresses of its views, the breadcrumb, kinds of
 * files, name checks, French sentences for errors, the quota and the trash. Unit-tested under Node
 * (test/logic.test.ts).
 */
import type { Crumb, FileNode, Quota, Space } from './types.js';

// ——— sizes ———

/**
 * A size in French, worded as the box words it (Quotas.human): « 0 octet », « 12 octets », « 1,5 Ko »,
 * « 3,4 Mo », « 120 Mo », « 2,0 Go ».
 */
export function formatBytes(bytes: number): string {
  const n = Math.max(0, Math.floor(Number.isFinite(bytes) ? bytes : 0));
  if (n < 1024) return `${n} ${n > 1 ? 'octets' : 'octet'}`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u += 1;
  } while (v >= 1024 && u < units.length - 1);
  const text = v >= 100 ? String(Math.round(v)) : (Math.round(v * 10) / 10).toFixed(1).replace('.', ',');
  return `${text} ${units[u]}`;
}

/** « 1 fichier », « 3 fichiers ». */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

// ——— the addresses of the screen's views (what follows #/module/files/) ———

export type Route =
  | { view: 'folder'; space: string | null; folder: string | null }
  | { view: 'trash'; space: string }
  | { view: 'passwords' }
  | { view: 'dropboxes' }
  | { view: 'dropbox'; box: string }
  | { view: 'open'; node: string }
  | { view: 'unknown' };

const SPACE_ID = /^(perso|classe|profs|etab|partage|travail):[^/]+$/;
const NODE_ID = /^\d{1,18}$/;

/**
 * `''` → the first space; `espace/<id>` → the root of a space; `espace/<id>/dossier/<n>` → a folder;
 * `espace/<id>/corbeille` → its trash; `mots-de-passe` → the application passwords; `ouvrir/<n>` → wherever the
 * person finds a file or folder (a search hit: its folder, the file shown in it). Anything else
 * (a mistyped or truncated address) is `unknown`.
 */
export function parsePath(path: string | undefined | null): Route {
  const parts = (path ?? '').split('/').filter((p) => p !== '');
  if (parts.length === 0) return { view: 'folder', space: null, folder: null };
  if (parts.length === 1 && parts[0] === 'mots-de-passe') return { view: 'passwords' };
  if (parts[0] === 'ouvrir') return parts.length === 2 && NODE_ID.test(parts[1]!) ? { view: 'open', node: parts[1]! } : { view: 'unknown' };
  if (parts[0] === 'depots') {
    if (parts.length === 1) return { view: 'dropboxes' };
    if (parts.length === 2 && NODE_ID.test(parts[1]!)) return { view: 'dropbox', box: parts[1]! };
    return { view: 'unknown' };
  }
  if (parts[0] !== 'espace' || parts.length < 2 || !SPACE_ID.test(parts[1]!)) return { view: 'unknown' };
  const space = parts[1]!;
  if (parts.length === 2) return { view: 'folder', space, folder: null };
  if (parts.length === 3 && parts[2] === 'corbeille') return { view: 'trash', space };
  if (parts.length === 4 && parts[2] === 'dossier' && NODE_ID.test(parts[3]!)) return { view: 'folder', space, folder: parts[3]! };
  return { view: 'unknown' };
}

/** The path of a view, for `context.link()` (the inverse of {@link parsePath}). */
export function pathOf(route: Route): string {
  switch (route.view) {
    case 'passwords': return 'mots-de-passe';
    case 'dropboxes': return 'depots';
    case 'dropbox': return `depots/${route.box}`;
    case 'open': return `ouvrir/${route.node}`;
    case 'trash': return `espace/${route.space}/corbeille`;
    case 'folder':
      if (!route.space) return '';
      return route.folder ? `espace/${route.space}/dossier/${route.folder}` : `espace/${route.space}`;
    default: return '';
  }
}

export const folderPath = (space: string, folder: string | null): string => pathOf({ view: 'folder', space, folder });

// ——— breadcrumb ———

export interface CrumbLink { label: string; path: string; current: boolean }

/** The space's root, then each folder down to the one shown (the last is the current page). */
export function breadcrumb(space: Pick<Space, 'id' | 'label'>, chemin: Crumb[]): CrumbLink[] {
  const out: CrumbLink[] = [{ label: space.label, path: folderPath(space.id, null), current: chemin.length === 0 }];
  chemin.forEach((c, i) => out.push({ label: c.name, path: folderPath(space.id, c.id), current: i === chemin.length - 1 }));
  return out;
}

/** The folder one level up ('' is the root), or null at the root. */
export function parentOf(chemin: Crumb[]): string | null {
  if (chemin.length === 0) return null;
  return chemin.length === 1 ? '' : chemin[chemin.length - 2]!.id;
}

/** Whether `nodeId` is the folder `chemin` leads to or one of its ancestors (a folder cannot go into itself). */
export function insideItself(nodeId: string, chemin: Crumb[]): boolean {
  return chemin.some((c) => c.id === nodeId);
}

// ——— kinds of files ———

export interface Kind { icon: string; label: string }

const BY_EXTENSION: [RegExp, Kind][] = [
  [/\.(pdf)$/i, { icon: 'file-text', label: 'PDF' }],
  [/\.(png|jpe?g|gif|webp|svg|bmp|tiff?|heic)$/i, { icon: 'file-image', label: 'Image' }],
  [/\.(mp3|wav|ogg|oga|m4a|flac|aac)$/i, { icon: 'file-audio', label: 'Son' }],
  [/\.(mp4|webm|ogv|mov|avi|mkv)$/i, { icon: 'file-video', label: 'Vidéo' }],
  [/\.(zip|7z|rar|tar|gz|tgz|bz2|xz)$/i, { icon: 'file-archive', label: 'Archive' }],
  [/\.(xlsx?|ods|csv|tsv)$/i, { icon: 'file-spreadsheet', label: 'Tableur' }],
  [/\.(pptx?|odp|key)$/i, { icon: 'presentation', label: 'Présentation' }],
  [/\.(docx?|odt|rtf|txt|md)$/i, { icon: 'file-text', label: 'Document texte' }],
];

/** The icon and the words for a node: by its name's extension, else its media type. */
export function kindOf(node: Pick<FileNode, 'name' | 'folder' | 'type'>): Kind {
  if (node.folder) return { icon: 'folder', label: 'Dossier' };
  for (const [re, kind] of BY_EXTENSION) if (re.test(node.name)) return kind;
  const t = (node.type ?? '').toLowerCase();
  if (t === 'application/pdf') return { icon: 'file-text', label: 'PDF' };
  if (t.startsWith('image/')) return { icon: 'file-image', label: 'Image' };
  if (t.startsWith('audio/')) return { icon: 'file-audio', label: 'Son' };
  if (t.startsWith('video/')) return { icon: 'file-video', label: 'Vidéo' };
  if (t.startsWith('text/')) return { icon: 'file-text', label: 'Document texte' };
  if (t === 'application/zip') return { icon: 'file-archive', label: 'Archive' };
  return { icon: 'file', label: 'Fichier' };
}

/** Icons of the spaces in the list. */
export function spaceIcon(kind: string): string {
  switch (kind) {
    case 'PERSO': return 'user';
    case 'CLASSE': return 'users';
    case 'PROFS': return 'briefcase';
    case 'ETAB': return 'school';
    case 'PARTAGE': return 'link';
    case 'GROUPE_TRAVAIL': return 'users';
    default: return 'folder';
  }
}

// ——— names (the box's rules: Names.java) ———

const FORBIDDEN = /[\u0000-\u001f\u007f/\\:*?"<>|]/;
const RESERVED = new Set(['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`COM${i}`, `LPT${i}`])]);

/** What is wrong with a name of a file or folder (the box's own sentence), or null when it will do. */
export function checkName(raw: string): string | null {
  if (!raw || raw.trim() === '') return 'Donnez un nom au fichier ou au dossier.';
  const name = raw.normalize('NFC');
  if (new TextEncoder().encode(name).length > 255) return 'Ce nom est trop long : 255 caractères au plus.';
  if (name === '.' || name === '..') return `« ${name} » ne peut pas servir de nom.`;
  if (FORBIDDEN.test(name)) return 'Un nom ne peut contenir ni / ni \\ ni aucun des caractères : * ? " < > | (ni caractère de contrôle).';
  if (name.endsWith('.') || name.endsWith(' ') || name.startsWith(' ')) {
    return 'Un nom ne peut ni commencer par une espace, ni finir par un point ou une espace.';
  }
  const dot = name.indexOf('.');
  const stem = (dot < 0 ? name : name.slice(0, dot)).trim().toUpperCase();
  if (RESERVED.has(stem)) return `« ${name} » est un nom réservé par Windows : choisissez-en un autre.`;
  return null;
}

// ——— errors ———

export const OFFLINE = 'Les documents ne répondent pas. Vérifiez votre connexion puis réessayez.';

/** The HTTP status of a failed call (0: no answer; -1: not a failed call at all, e.g. a bug). */
export function problemStatus(e: unknown): number {
  return e && typeof e === 'object' && 'status' in e && typeof (e as { status: unknown }).status === 'number' ? (e as { status: number }).status : -1;
}

/** The stable code of a failed call ('' when unknown). */
export function problemCode(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : '';
}

/** Sentences for answers that came without the box's own (a proxy's page, a cut connection). */
const BY_STATUS: Record<number, string> = {
  0: OFFLINE,
  403: 'Vous ne pouvez pas faire cela ici : cet espace est en lecture seule pour vous.',
  404: 'Ce fichier ou ce dossier n’existe pas (ou plus), ou ne vous est pas ouvert.',
  409: 'Ce nom est déjà pris à cet endroit : choisissez-en un autre.',
  413: 'Ce fichier est trop gros pour la box. Compressez-le ou déposez-le en plusieurs parties.',
  507: 'Espace plein : videz la corbeille ou supprimez des fichiers, puis réessayez.',
};

/** The shell's own sentences when an answer had none (context.api): vaguer than ours for the statuses above. */
const SHELL_FALLBACK = /^(Le serveur ne répond pas|Ce que vous envoyez est trop volumineux|Une erreur est survenue sur le serveur)/;

/**
 * The French sentence of a failed call: the box's own title (it says what to do: « Espace plein : il
 * reste 2,0 Mo et il faudrait 5,0 Mo. Videz la corbeille… »), else one chosen by status.
 */
export function problemMessage(e: unknown): string {
  const status = problemStatus(e);
  const title = e && typeof e === 'object' && 'title' in e && typeof (e as { title: unknown }).title === 'string'
    ? (e as { title: string }).title.trim() : '';
  if (title && !(SHELL_FALLBACK.test(title) && BY_STATUS[status])) return title;
  return BY_STATUS[status] ?? 'Une erreur est survenue. Réessayez ; si cela continue, prévenez le référent numérique de l’établissement.';
}

/** Why a view could not open: a missing folder or space is said as such. */
export function loadErrorMessage(e: unknown, view: Route['view']): string {
  const status = problemStatus(e);
  if (status === 404 || status === 403) {
    if (view === 'trash') return 'Cette corbeille n’existe pas ou ne vous est pas ouverte (seuls ceux qui peuvent écrire dans un espace voient sa corbeille).';
    if (view === 'open') return 'Ce document n’existe plus (il a peut-être été supprimé ou déplacé dans la corbeille), ou il ne vous est plus partagé.';
    return problemCode(e) === 'space-not-found'
      ? 'Cet espace n’existe pas ou ne vous est pas ouvert.'
      : 'Ce dossier n’existe pas (ou plus), ou ne vous est pas ouvert.';
  }
  return problemMessage(e);
}

// ——— quota ———

export interface QuotaText { sentence: string; trash: string | null; level: 'ok' | 'high' | 'full'; percent: number; warning: string | null }

/** « 12,3 Mo utilisés sur 200 Mo (6 %) », the trash's share, and a warning from 90 %. */
export function quotaText(q: Quota): QuotaText {
  const percent = Math.max(0, Math.min(100, Math.round(q.percent)));
  const full = q.limit <= 0 || q.used >= q.limit;
  const level = full ? 'full' : percent >= 90 ? 'high' : 'ok';
  const sentence = q.limit <= 0
    ? `${q.usedLabel || formatBytes(q.used)} utilisés ; aucune place n’est prévue pour cet espace.`
    : `${q.usedLabel || formatBytes(q.used)} utilisés sur ${q.limitLabel || formatBytes(q.limit)} (${percent} %)`;
  const trash = q.trash > 0 ? `dont ${formatBytes(q.trash)} dans la corbeille` : null;
  const warning = level === 'full'
    ? 'Cet espace est plein : plus aucun fichier ne peut y être déposé. Videz la corbeille ou supprimez des fichiers.'
    : level === 'high' ? `Cet espace est presque plein : il reste ${formatBytes(Math.max(0, q.limit - q.used))}.` : null;
  return { sentence, trash, level, percent, warning };
}

// ——— trash ———

export const TRASH_DAYS = 30;

/** Whole days before something deleted at `deletedAt` is erased for good (0: today). */
export function daysLeft(deletedAt: string, now: Date = new Date(), days = TRASH_DAYS): number {
  const at = Date.parse(deletedAt);
  if (Number.isNaN(at)) return days;
  const left = (at + days * 86_400_000 - now.getTime()) / 86_400_000;
  return Math.max(0, Math.ceil(left));
}

/** « Effacé pour de bon dans 12 jours », « … demain », « … aujourd’hui ». */
export function purgeText(left: number): string {
  if (left <= 0) return 'Effacé pour de bon aujourd’hui';
  if (left === 1) return 'Effacé pour de bon demain';
  return `Effacé pour de bon dans ${left} jours`;
}

// ——— uploads ———

export interface UploadOutcome { ok: boolean; file: { name: string }; error?: string }
export interface UploadSummary { kind: 'success' | 'warning' | 'error'; message: string; failures: string[] }

/** What to say after an upload: how many went, and each refusal with its reason. */
export function uploadSummary(results: UploadOutcome[]): UploadSummary {
  const sent = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok);
  const failures = failed.map((r) => `« ${r.file.name} » : ${r.error ?? 'l’envoi a échoué.'}`);
  if (failed.length === 0) {
    return { kind: 'success', message: sent === 1 ? 'Le fichier est déposé.' : `Les ${sent} fichiers sont déposés.`, failures };
  }
  if (sent === 0) {
    return { kind: 'error', message: failed.length === 1 ? 'Le fichier n’a pas pu être déposé.' : `Aucun des ${failed.length} fichiers n’a pu être déposé.`, failures };
  }
  return {
    kind: 'warning',
    message: `${plural(sent, 'fichier déposé', 'fichiers déposés')} ; ${plural(failed.length, 'n’a', 'n’ont')} pas pu l’être.`,
    failures,
  };
}

// ——— sharing ———

/** « Lecture seule » / « Lecture et modification », and until when: « jusqu’au 20 décembre inclus ». */
export function shareRights(write: boolean, until: string | null, day: (iso: string) => string): string {
  const rights = write ? 'lecture et modification' : 'lecture seule';
  return until ? `${rights}, jusqu’au ${day(until)} inclus` : rights;
}

/** The first day an end date may take (today, in the person's time), as an `<input type="date">` value. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

// ——— drop boxes ———

/**
 * How long is left before a deadline, as people say it: « dans 20 minutes », « dans 5 heures », « demain »,
 * « dans 3 jours »; once passed: « date limite passée ».
 */
export function deadlineText(deadline: string, now: Date = new Date()): string {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'date limite passée';
  const minutes = Math.ceil(ms / 60000);
  if (minutes < 60) return `dans ${plural(minutes, 'minute', 'minutes')}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `dans ${plural(hours, 'heure', 'heures')}`;
  const end = new Date(deadline);
  const days = Math.round((Date.UTC(end.getFullYear(), end.getMonth(), end.getDate()) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86400000);
  if (days <= 1) return 'demain';
  return `dans ${days} jours`;
}

export interface HandInState { label: string; tone: 'success' | 'warning' | 'neutral'; icon: string }

/** Where a pupil stands in a drop box: « Rendu », « Rendu en retard », « Pas encore rendu » (« Non rendu » once closed). */
export function handInState(handedIn: boolean, late: boolean, open: boolean): HandInState {
  if (handedIn && late) return { label: 'Rendu en retard', tone: 'warning', icon: 'clock' };
  if (handedIn) return { label: 'Rendu', tone: 'success', icon: 'circle-check' };
  return open ? { label: 'Pas encore rendu', tone: 'neutral', icon: 'info' } : { label: 'Non rendu', tone: 'warning', icon: 'circle-alert' };
}

/** « 12 rendus sur 28, dont 2 en retard ». */
export function handInCount(handedIn: number, pupils: number, late: number): string {
  const base = `${plural(handedIn, 'rendu', 'rendus')} sur ${pupils}`;
  return late > 0 ? `${base}, dont ${late} en retard` : base;
}

/**
 * A `<input type="datetime-local">` value (the person's local time) as an ISO instant with its offset, as the box
 * wants a deadline; null when empty or malformed.
 */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// ——— previews ———

/** The types the box makes a thumbnail of (bundles/files Previews: images and the first page of PDFs). */
const PREVIEWED = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);

export function hasPreview(n: Pick<FileNode, 'folder' | 'type'>): boolean {
  return !n.folder && n.type !== null && PREVIEWED.has(n.type);
}

/** The text alternative of a file's preview: what it shows, in words. */
export function previewAlt(n: Pick<FileNode, 'name' | 'type'>): string {
  return n.type === 'application/pdf' ? `Première page de « ${n.name} »` : `Aperçu de l’image « ${n.name} »`;
}

// ——— resumable uploads ———

/** Files above this size go up in pieces, resumed after a cut (8 Mo). */
export const RESUMABLE_FROM = 8 * 1024 * 1024;
/** The size of one piece (4 Mo). */
export const PIECE = 4 * 1024 * 1024;
/** Tries in a row before a cut upload is given up. */
export const MAX_RETRIES = 8;

/** The next piece to send, `[start, end)`, from what the box holds. */
export function nextPiece(received: number, size: number, piece = PIECE): { start: number; end: number } {
  const start = Math.max(0, Math.min(received, size));
  return { start, end: Math.min(size, start + piece) };
}

/** How long to wait before the `attempt`-th try again (1 s, 2 s, 4 s… up to 30 s). */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Whether a failed piece is worth sending again after asking the box where it stands: no answer (a cut), the box
 * busy or restarting, or a piece that did not start where the box is; never a refusal (quota, size, permission).
 */
export function resumable(e: unknown): boolean {
  const status = problemStatus(e);
  const code = problemCode(e);
  return status === 0 || status === 502 || status === 503 || status === 504 || code === 'upload-offset-mismatch' || code === 'upload-busy';
}

// ——— groupes de travail ———

/** The id of the group of a `travail:<id>` space, else null. */
export function groupOf(spaceId: string | null | undefined): string | null {
  return spaceId?.startsWith('travail:') ? spaceId.slice('travail:'.length) || null : null;
}

/** How a space is named for screen readers: a group says what it is (« Groupe de travail : Projet théâtre »). */
export function spaceName(s: { kind: string; label: string }): string {
  return s.kind === 'GROUPE_TRAVAIL' ? `Groupe de travail : ${s.label}` : s.label;
}

/** « 3 membres : Julien Dumas (créateur), Léo Marchand, Marc Comédien. » */
export function membersSummary(members: { label: string; createur: boolean }[]): string {
  if (members.length === 0) return 'Aucun membre.';
  return `${plural(members.length, 'membre', 'membres')} : ${members.map((m) => (m.createur ? `${m.label} (créateur)` : m.label)).join(', ')}.`;
}
