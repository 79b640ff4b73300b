/** Dates as people say them, in French: "à l'instant", "il y a 5 minutes", "hier", "jeudi 4 décembre". */

const DAY = 86_400_000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export function relativeDay(at: Date, now: Date = new Date()): string {
  const diffMs = now.getTime() - at.getTime();
  if (diffMs >= 0 && diffMs < 60_000) return "à l'instant";
  if (diffMs >= 0 && diffMs < 3_600_000) {
    const m = Math.floor(diffMs / 60_000);
    return `il y a ${m} minute${m > 1 ? 's' : ''}`;
  }
  const days = Math.round((startOfDay(now) - startOfDay(at)) / DAY);
  const time = at.toLocaleTimeString('fr-FR', { hour: 'numeric', minute: '2-digit' }).replace(':', ' h ');
  if (days === 0) return `aujourd'hui à ${time}`;
  if (days === 1) return `hier à ${time}`;
  if (days === -1) return `demain à ${time}`;
  if (days > 1 && days < 7) return `il y a ${days} jours`;
  if (days < -1 && days > -7) return `dans ${-days} jours`;
  const sameYear = at.getFullYear() === now.getFullYear();
  return at.toLocaleDateString('fr-FR', sameYear
    ? { weekday: 'long', day: 'numeric', month: 'long' }
    : { day: 'numeric', month: 'long', year: 'numeric' });
}

/** "Camille Martin" → "Camille"; used in the greeting. */
export function firstName(displayName: string): string {
  const trimmed = displayName.trim();
  const space = trimmed.indexOf(' ');
  return space > 0 ? trimmed.slice(0, space) : trimmed;
}

/** "1 résultat", "3 résultats". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

// ------------------------------------------------------------------------------- calendar days
// Days travel as ISO `YYYY-MM-DD` strings (what <input type=date> gives and the API expects) and
// are read in local time: a day is a day, whatever the time zone.

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
  'novembre', 'décembre'];

/** `2026-03-12` → a local Date at midnight; null when the text is not a real day (2026-02-30). */
export function parseIsoDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const d = Number(m[3]);
  const date = new Date(y, mo, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return null;
  return date;
}

/** A local Date → `YYYY-MM-DD`. */
export function toIsoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The zone the box counts its days in (statistics, audit): the school's, whatever the browser's is. */
export const SCHOOL_ZONE = 'Europe/Paris';

/**
 * `at`'s day in the school's zone, `YYYY-MM-DD`, shifted by `plusDays`. A browser left in UTC (or
 * abroad) would otherwise ask the box for "today" an hour before or after the box's own midnight.
 */
export function schoolDay(at: Date = new Date(), plusDays = 0): string {
  const day = at.toLocaleDateString('sv-SE', { timeZone: SCHOOL_ZONE });
  if (plusDays === 0) return day;
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
}

/**
 * A day as people say it: "jeudi 12 mars", "dimanche 1er mars"; with `year` (or when it is not
 * `today`'s year) "jeudi 12 mars 2026". An invalid day gives ''.
 */
export function formatDay(iso: string | Date, options: { year?: boolean; today?: Date } = {}): string {
  const d = typeof iso === 'string' ? parseIsoDate(iso) : iso;
  if (!d || Number.isNaN(d.getTime())) return '';
  const day = d.getDate() === 1 ? '1er' : String(d.getDate());
  const withYear = options.year ?? (options.today !== undefined && options.today.getFullYear() !== d.getFullYear());
  return `${WEEKDAYS[d.getDay()]} ${day} ${MONTHS[d.getMonth()]}${withYear ? ` ${d.getFullYear()}` : ''}`;
}

/** "aujourd’hui", "demain", "hier", "après-demain", else {@link formatDay} (with the year when it differs). */
export function sayDay(iso: string, today: Date = new Date()): string {
  const d = parseIsoDate(iso);
  if (!d) return '';
  const days = Math.round((d.getTime() - new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime()) / DAY);
  if (days === 0) return 'aujourd’hui';
  if (days === 1) return 'demain';
  if (days === 2) return 'après-demain';
  if (days === -1) return 'hier';
  return formatDay(d, { today });
}

/** `08:30` → "8 h 30", `14:00` → "14 h"; '' when not a time. */
export function formatTime(hhmm: string): string {
  const m = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(hhmm.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return '';
  const h = Number(m[1]);
  return m[2] === '00' ? `${h} h` : `${h} h ${m[2]}`;
}

/** "de 8 h 30 à 9 h 30". */
export function formatSlot(start: string, end: string): string {
  const a = formatTime(start);
  const b = formatTime(end);
  if (a && b) return `de ${a} à ${b}`;
  return a ? `à ${a}` : '';
}

export interface DateRules {
  required?: boolean;
  /** ISO days, inclusive. */
  min?: string;
  max?: string;
}

/**
 * What is wrong with a date field, as a French sentence, or null. `badInput` is the browser's
 * "the person typed something that is not a whole day" (the field's value is then '').
 */
export function dateProblem(value: string, rules: DateRules, badInput = false): string | null {
  if (badInput) return 'Cette date est incomplète ou n’existe pas. Écrivez-la sous la forme jj/mm/aaaa, par exemple 12/03/2026.';
  if (!value) return rules.required ? 'Choisissez une date.' : null;
  if (!parseIsoDate(value)) return 'Cette date n’existe pas. Vérifiez le jour et le mois.';
  if (rules.min && value < rules.min) return `Choisissez une date à partir du ${formatDay(rules.min, { year: true })}.`;
  if (rules.max && value > rules.max) return `Choisissez une date jusqu’au ${formatDay(rules.max, { year: true })} au plus tard.`;
  return null;
}

/** What is wrong with a time slot (start and end as HH:MM), or null. */
export function slotProblem(start: string, end: string, required = false): string | null {
  if (!start && !end) return required ? 'Indiquez l’heure de début et l’heure de fin.' : null;
  if (!start) return 'Indiquez aussi l’heure de début.';
  if (!end) return 'Indiquez aussi l’heure de fin.';
  if (end <= start) return 'L’heure de fin doit venir après l’heure de début.';
  return null;
}

/** One piece of a search snippet: plain text, highlighted or not. */
export interface SnippetPart { text: string; mark: boolean }

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/**
 * The search module's snippet (HTML-escaped text whose matches are wrapped in <mark>) as text parts, so that the
 * page builds text nodes and <mark> elements itself and never parses the snippet as HTML.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const unescape = (s: string) => s.replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e);
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > at) parts.push({ text: unescape(snippet.slice(at, m.index)), mark: false });
    parts.push({ text: unescape(m[1]), mark: true });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) parts.push({ text: unescape(snippet.slice(at)), mark: false });
  return parts;
}
