/**
 * The screen's pure logic (no DOM): dates, grouping, request bodies and their checks, French
 * sentences. Unit-tested under Node (test/logic.test.ts).
 */
import type { ChargeDay, Devoir, DevoirInput, Division, Lien, Seance, SeanceInput, Teaching } from './types.js';

// ——— dates (ISO YYYY-MM-DD, local calendar days) ———

export function toIso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Today in the school's zone (the box's days are Paris days, whatever zone the browser is in). */
export function schoolToday(now: Date = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

export function parseIso(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return d.getMonth() === Number(m[2]) - 1 ? d : null;
}

export function addDays(iso: string, n: number): string {
  const d = parseIso(iso);
  if (!d) return iso;
  d.setDate(d.getDate() + n);
  return toIso(d);
}

/** The Monday of the week holding `iso`. */
export function mondayOf(iso: string): string {
  const d = parseIso(iso);
  if (!d) return iso;
  const shift = (d.getDay() + 6) % 7;
  return addDays(iso, -shift);
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const da = parseIso(a);
  const db = parseIso(b);
  if (!da || !db) return 0;
  return Math.round((db.getTime() - da.getTime()) / 86400000);
}

/** The days shown in a week view: Monday to Friday, plus Saturday and Sunday when something happens then. */
export function weekDays(monday: string, busy: readonly string[] = []): string[] {
  const days: string[] = [];
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    if (i < 5 || busy.includes(day)) days.push(day);
  }
  return days;
}

/** Groups items by a date key, keeping the dates in order (ascending). */
export function groupByDate<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const sorted = [...items].sort((a, b) => key(a).localeCompare(key(b)));
  const map = new Map<string, T[]>();
  for (const item of sorted) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item); else map.set(k, [item]);
  }
  return map;
}

/** Séances of one day in the order of the timetable. */
export function byStart(a: Seance, b: Seance): number {
  return a.date.localeCompare(b.date) || a.debut.localeCompare(b.debut) || a.classe.localeCompare(b.classe, 'fr');
}

/** A local date and time (the person's clock) as an ISO-8601 instant; '' when incomplete. */
export function toInstant(date: string, time: string): string {
  if (!parseIso(date) || !/^\d{2}:\d{2}$/.test(time)) return '';
  const d = new Date(`${date}T${time}:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** An ISO instant back to the local date and time fields. */
export function fromInstant(instant: string | null | undefined): { date: string; time: string } {
  if (!instant) return { date: '', time: '' };
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return { date: '', time: '' };
  const p = (n: number) => String(n).padStart(2, '0');
  return { date: toIso(d), time: `${p(d.getHours())}:${p(d.getMinutes())}` };
}

// ——— words ———

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** 45 → « 45 min », 60 → « 1 h », 90 → « 1 h 30 ». */
export function minutesLabel(minutes: number | null | undefined): string {
  if (!minutes || minutes <= 0) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

export const SUR_TABLE = 'SUR_TABLE';

export function isSurTable(d: Pick<Devoir, 'kind'> | Pick<DevoirInput, 'kind'>): boolean {
  return d.kind === SUR_TABLE;
}

/** What the teacher reads when picking a devoir's day: the class's load that day. */
export function chargeSummary(day: ChargeDay | undefined, max: number): string {
  if (!day || day.count === 0) return 'La classe n’a encore aucun devoir pour ce jour-là.';
  let s = `La classe a déjà ${plural(day.count, 'devoir', 'devoirs')} pour ce jour-là`;
  if (day.surTable > 0) s += `, dont ${plural(day.surTable, 'devoir sur table', 'devoirs sur table')}`;
  s += ` (au plus ${max} conseillé${max > 1 ? 's' : ''}).`;
  return s;
}

/** The warnings to show for a day: the server's French sentences, else our own when over the threshold. */
export function chargeWarnings(day: ChargeDay | undefined, max: number): string[] {
  if (!day) return [];
  if (day.warnings?.length) return day.warnings;
  const out: string[] = [];
  if (day.surTable > 0) out.push('Un devoir sur table est déjà prévu ce jour-là.');
  if (day.count >= max) out.push(`La classe a déjà ${plural(day.count, 'devoir', 'devoirs')} ce jour-là : c’est le maximum conseillé.`);
  return out;
}

// ——— teachings ———

/** The distinct divisions a teacher teaches, in French order. */
export function taughtDivisions(teachings: readonly Teaching[]): Division[] {
  const seen = new Map<string, Division>();
  for (const t of teachings) if (!seen.has(t.classe.id)) seen.set(t.classe.id, t.classe);
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));
}

/** The matières a teacher teaches in one division. */
export function matieresFor(teachings: readonly Teaching[], divisionId: string): { code: string; label: string }[] {
  return teachings.filter((t) => t.classe.id === divisionId).map((t) => t.matiere)
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}

// ——— forms ———

export interface FieldProblem { field: string; message: string }

export interface SeanceForm {
  classe: string;
  matiere: string;
  kind: string;
  date: string;
  debut: string;
  fin: string;
  titre: string;
  contenu: string;
  liens: Lien[];
  publishDate: string;
  publishTime: string;
  /** Each devoir may have its own publication (day and time, both or neither): never before the séance's. */
  devoirs: (DevoirInput & { key: string; publishDate?: string; publishTime?: string })[];
}

export function normaliseUrl(raw: string): string {
  const s = raw.trim();
  if (!s) return '';
  if (/^www\./i.test(s)) return `https://${s}`;
  return s;
}

export function linkProblem(url: string): string | null {
  if (!url) return null;
  if (!/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(url)) return 'Cette adresse ne semble pas valide. Elle doit commencer par https:// (par exemple https://www.lumni.fr).';
  return null;
}

/** Checks a séance form; French messages, one per field, in the order of the form. */
export function checkSeance(f: SeanceForm): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (!f.classe) p.push({ field: 'classe', message: 'Choisissez la classe ou le groupe.' });
  if (!f.matiere) p.push({ field: 'matiere', message: 'Choisissez la matière.' });
  if (!f.date) p.push({ field: 'date', message: 'Indiquez la date de la séance.' });
  else if (!f.debut || !f.fin) p.push({ field: 'date', message: 'Indiquez l’heure de début et l’heure de fin.' });
  else if (f.fin <= f.debut) p.push({ field: 'date', message: 'L’heure de fin doit venir après l’heure de début.' });
  if (!f.titre.trim()) p.push({ field: 'titre', message: 'Donnez un titre à la séance (par exemple « Les fractions »).' });
  f.liens.forEach((l, i) => {
    const problem = linkProblem(l.url);
    if (problem) p.push({ field: `lien-${i}`, message: problem });
  });
  if ((f.publishDate && !f.publishTime) || (!f.publishDate && f.publishTime)) {
    p.push({ field: 'publish', message: 'Indiquez le jour et l’heure de publication, ou laissez les deux vides.' });
  }
  for (const d of f.devoirs) {
    if (!d.pour) p.push({ field: `devoir-${d.key}-pour`, message: 'Indiquez pour quel jour est le devoir.' });
    else if (f.date && d.pour < f.date) p.push({ field: `devoir-${d.key}-pour`, message: 'Le devoir doit être pour le jour de la séance ou après.' });
    if (!d.kind) p.push({ field: `devoir-${d.key}-kind`, message: 'Choisissez le type de devoir.' });
    if (!d.instructions) p.push({ field: `devoir-${d.key}-instructions`, message: 'Écrivez la consigne du devoir.' });
    if (d.minutes !== null && d.minutes !== undefined && (!Number.isInteger(d.minutes) || d.minutes < 1 || d.minutes > 600)) {
      p.push({ field: `devoir-${d.key}-minutes`, message: 'Le temps estimé est un nombre de minutes, entre 1 et 600.' });
    }
    if (Boolean(d.publishDate) !== Boolean(d.publishTime)) {
      p.push({ field: `devoir-${d.key}-publish`, message: 'Indiquez le jour et l’heure de publication du devoir, ou laissez les deux vides.' });
    } else if (d.publishDate && f.publishDate && f.publishTime && `${d.publishDate}T${d.publishTime}` < `${f.publishDate}T${f.publishTime}`) {
      p.push({ field: `devoir-${d.key}-publish`, message: 'Un devoir ne peut pas paraître avant sa séance : choisissez un moment après la publication de la séance, ou laissez vide.' });
    }
  }
  return p;
}

/** The body of POST/PUT /seances from the form. */
export function seanceBody(f: SeanceForm): SeanceInput {
  const publishAt = toInstant(f.publishDate, f.publishTime);
  const body: SeanceInput = {
    classe: f.classe,
    matiere: f.matiere,
    kind: f.kind || 'SEANCE',
    date: f.date,
    debut: f.debut,
    fin: f.fin,
    titre: f.titre.trim(),
    contenu: f.contenu,
    liens: f.liens.filter((l) => l.url.trim()).map((l) => ({ url: normaliseUrl(l.url), label: l.label.trim() || normaliseUrl(l.url) })),
    devoirs: f.devoirs.map((d) => {
      const out: DevoirInput = { pour: d.pour, kind: d.kind, instructions: d.instructions, rendu: Boolean(d.rendu) };
      if (d.id) out.id = d.id;
      if (d.minutes) out.minutes = d.minutes;
      const own = toInstant(d.publishDate ?? '', d.publishTime ?? '');
      if (own || publishAt) out.publishAt = own || publishAt;
      return out;
    }),
  };
  if (publishAt) body.publishAt = publishAt;
  return body;
}

/** A séance turned back into the form (to edit it). */
export function formFromSeance(s: Seance): SeanceForm {
  const pub = s.published ? { date: '', time: '' } : fromInstant(s.publishAt);
  return {
    classe: s.classeId, matiere: s.matiereCode, kind: s.kind, date: s.date, debut: s.debut, fin: s.fin,
    titre: s.titre, contenu: s.contenu, liens: s.liens.map((l) => ({ ...l })),
    publishDate: pub.date, publishTime: pub.time,
    devoirs: s.devoirs.map((d) => {
      // a devoir published with its séance (or already out) shows an empty field: it follows the séance
      const own = d.published || d.publishAt === s.publishAt ? { date: '', time: '' } : fromInstant(d.publishAt);
      return { key: `d${d.id}`, id: d.id, pour: d.pour, kind: d.kind, instructions: d.instructions, minutes: d.minutes, rendu: d.rendu,
        publishDate: own.date, publishTime: own.time };
    }),
  };
}

/** Checks the « Reprendre une progression » form. */
export function checkProgression(f: { source: string; from: string; to: string; cible: string; debut: string }): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (!f.source) p.push({ field: 'source', message: 'Choisissez la classe dont vous reprenez les séances.' });
  if (!f.from) p.push({ field: 'from', message: 'Indiquez le premier jour à reprendre.' });
  if (!f.to) p.push({ field: 'to', message: 'Indiquez le dernier jour à reprendre.' });
  else if (f.from && f.to < f.from) p.push({ field: 'to', message: 'Le dernier jour doit venir après le premier.' });
  if (!f.cible) p.push({ field: 'cible', message: 'Choisissez la classe qui reçoit les séances.' });
  if (!f.debut) p.push({ field: 'debut', message: 'Indiquez le jour où la progression recommence.' });
  return p;
}

/** Devoirs to do, split into the days they are due, the nearest first. */
export function aFaire(devoirs: readonly Devoir[]): { date: string; devoirs: Devoir[] }[] {
  return [...groupByDate(devoirs, (d) => d.pour)].map(([date, list]) => ({
    date,
    devoirs: list.sort((a, b) => Number(isSurTable(b)) - Number(isSurTable(a)) || a.matiere.localeCompare(b.matiere, 'fr')),
  }));
}

/** « 3 devoirs à faire, 1 fait » for the status line. */
export function aFaireStatus(devoirs: readonly Devoir[]): string {
  if (devoirs.length === 0) return 'Aucun devoir pour les trois prochaines semaines.';
  const done = devoirs.filter((d) => d.done).length;
  const left = devoirs.length - done;
  return `${plural(left, 'devoir à faire', 'devoirs à faire')}, ${plural(done, 'fait', 'faits')}.`;
}

/** Which screen a person gets, from their profiles (a teacher who is also direction writes first). */
export type Role = 'teacher' | 'direction' | 'parent' | 'pupil' | 'none';
export function roleOf(profiles: readonly string[]): Role {
  if (profiles.includes('ENSEIGNANT')) return 'teacher';
  if (profiles.includes('DIRECTION')) return 'direction';
  if (profiles.includes('PARENT')) return 'parent';
  if (profiles.includes('ELEVE')) return 'pupil';
  return 'none';
}

/** The export address (a download link), under the API root. */
export function exportHref(classe: string, from: string, to: string): string {
  const q = new URLSearchParams({ classe, from, to });
  return `/api/v1/cahier/export?${q.toString()}`;
}

/** A view named by the address after `#/module/cahier/`: a séance or a devoir to open; null for anything else. */
export interface DeepLink { what: 'seance' | 'devoir'; id: string }

export function parseDeepLink(path: string | undefined): DeepLink | null {
  const m = /^(seance|devoir)\/(\d{1,18})$/.exec((path ?? '').trim());
  return m ? { what: m[1] as 'seance' | 'devoir', id: m[2]! } : null;
}
