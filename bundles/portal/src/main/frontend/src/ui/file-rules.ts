/**
 * The file picker's rules, without the DOM (unit-tested under Node): which files are accepted,
 * why a file is refused (a French sentence a child understands), sizes as people read them.
 */

/** What the rules read of a file (a browser File satisfies it). */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  /** MIME type; may be '' when the browser does not know it. */
  readonly type: string;
}

export interface FileRules {
  /**
   * Accepted types, as in <input accept>: extensions (`.pdf`), MIME types (`application/pdf`)
   * or families (`image/*`). Empty or absent: everything.
   */
  accept?: readonly string[];
  /** Largest size of one file, in bytes. */
  maxSize?: number;
  /** How many files at most in the list (1 for a single-file picker). */
  maxFiles?: number;
}

/** 1536 → "1,5 Ko", 20 * 1024 * 1024 → "20 Mo" (French units: octet, Ko, Mo, Go). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return bytes <= 1 ? `${bytes} octet` : `${bytes} octets`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const rounded = v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${String(rounded).replace('.', ',')} ${units[u]}`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** Whether a file matches one of the accepted types (by extension or MIME type). */
export function acceptMatches(file: FileLike, accept: readonly string[] | undefined): boolean {
  if (!accept || accept.length === 0) return true;
  const ext = extensionOf(file.name);
  const type = file.type.toLowerCase();
  return accept.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (!a) return false;
    if (a.startsWith('.')) return ext === a;
    if (a.endsWith('/*')) return type.startsWith(a.slice(0, -1));
    return type === a;
  });
}

const FAMILY_WORDS: Record<string, string> = {
  'image/*': 'images', 'audio/*': 'sons', 'video/*': 'vidéos', 'text/*': 'textes',
  'application/pdf': 'PDF', '.pdf': 'PDF',
  '.odt': 'ODT', '.docx': 'DOCX', '.doc': 'DOC', '.ods': 'ODS', '.xlsx': 'XLSX', '.odp': 'ODP', '.pptx': 'PPTX',
  '.jpg': 'JPG', '.jpeg': 'JPEG', '.png': 'PNG', '.txt': 'TXT', '.csv': 'CSV', '.zip': 'ZIP', '.xml': 'XML', '.mp3': 'MP3',
};

/** "PDF, images ou ODT": the accepted types in words (for the hint and the refusal). */
export function describeAccept(accept: readonly string[] | undefined): string {
  if (!accept || accept.length === 0) return '';
  const words: string[] = [];
  for (const raw of accept) {
    const a = raw.trim().toLowerCase();
    const w = FAMILY_WORDS[a] ?? (a.startsWith('.') ? a.slice(1).toUpperCase() : a);
    if (!words.includes(w)) words.push(w);
  }
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} ou ${words[words.length - 1]}`;
}

/** Why one file cannot be added (without its name), or null when it is fine. */
export function fileProblem(file: FileLike, rules: FileRules): string | null {
  if (!acceptMatches(file, rules.accept)) {
    return `ce type de fichier n’est pas accepté. Choisissez un fichier ${describeAccept(rules.accept)}.`;
  }
  if (rules.maxSize !== undefined && file.size > rules.maxSize) {
    return `il dépasse ${formatSize(rules.maxSize)} (il fait ${formatSize(file.size)}). Compressez-le ou choisissez un fichier plus petit.`;
  }
  if (file.size === 0) return 'il est vide. Vérifiez que c’est le bon fichier.';
  return null;
}

export interface Refusal {
  name: string;
  reason: string;
  /** The whole sentence, with the file's name: « photo.png » n’a pas été ajouté : … */
  message: string;
}

export interface Selection<F extends FileLike> {
  added: F[];
  refused: Refusal[];
}

function refusal(name: string, reason: string): Refusal {
  return { name, reason, message: `« ${name} » n’a pas été ajouté : ${reason}` };
}

/**
 * Sorts newly chosen files into those added to the list and those refused (with the reason),
 * given what is already in the list. A file already in the list (same name and size) is skipped.
 * For a single-file picker (maxFiles 1), the new file replaces the old one: callers pass [] as
 * `current` in that case.
 */
export function selectFiles<F extends FileLike>(chosen: readonly F[], current: readonly FileLike[], rules: FileRules): Selection<F> {
  const added: F[] = [];
  const refused: Refusal[] = [];
  const max = rules.maxFiles ?? Infinity;
  for (const f of chosen) {
    if ([...current, ...added].some((c) => c.name === f.name && c.size === f.size)) {
      refused.push(refusal(f.name, 'il est déjà dans la liste.'));
      continue;
    }
    const problem = fileProblem(f, rules);
    if (problem) { refused.push(refusal(f.name, problem)); continue; }
    if (current.length + added.length >= max) {
      refused.push(refusal(f.name, max === 1 ? 'un seul fichier est possible ici.'
        : `${max} fichiers au plus sont possibles ici. Retirez-en un pour en ajouter un autre.`));
      continue;
    }
    added.push(f);
  }
  return { added, refused };
}

/** The picker's hint: "PDF ou images, 5 Mo au plus par fichier." */
export function rulesHint(rules: FileRules): string {
  const parts: string[] = [];
  const types = describeAccept(rules.accept);
  if (types) parts.push(`Formats acceptés : ${types}`);
  if (rules.maxSize !== undefined) parts.push(`${formatSize(rules.maxSize)} au plus par fichier`);
  if (rules.maxFiles !== undefined && rules.maxFiles > 1) parts.push(`${rules.maxFiles} fichiers au plus`);
  return parts.length ? `${parts.join(' ; ')}.` : '';
}
