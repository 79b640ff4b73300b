/** The screen's pure rules, tested without a browser: deep links, paging, names, recipients, quoting. */
import type { Contact, Part, Quota, Ref, SendInput, Summary } from './types.js';

export const PAGE_SIZE = 25;

/** `INBOX/12` → the message to open at mount; anything else → none. */
export function parseDeepLink(path: string | undefined): { folder: string; uid: number } | null {
  if (!path) return null;
  const m = /^([^/]+)\/(\d+)$/.exec(path.trim());
  if (!m) return null;
  const uid = Number(m[2]);
  return uid > 0 ? { folder: decodeURIComponent(m[1]!), uid } : null;
}

/** What a person reads for a sender or recipient: the name, else the address. */
export function who(c: Contact | undefined | null): string {
  if (!c) return 'Expéditeur inconnu';
  return c.name?.trim() ? c.name.trim() : c.address || 'Expéditeur inconnu';
}

/** « Marie Durand, Paul Martin et 3 autres ». */
export function recipientsLabel(list: Contact[]): string {
  if (list.length === 0) return '(aucun destinataire)';
  const names = list.map(who);
  if (names.length <= 2) return names.join(' et ');
  return `${names.slice(0, 2).join(', ')} et ${names.length - 2} autre${names.length - 2 > 1 ? 's' : ''}`;
}

/** The range a page shows, for the status line: « Messages 26 à 50 sur 73 ». */
export function pageStatus(offset: number, count: number, total: number): string {
  if (total === 0) return 'Aucun message dans ce dossier.';
  if (total === 1) return '1 message.';
  return `Messages ${offset + 1} à ${offset + count} sur ${total}.`;
}

export function hasPrevious(offset: number): boolean { return offset > 0; }
export function hasNext(offset: number, count: number, total: number): boolean { return offset + count < total; }
export function previousOffset(offset: number, size = PAGE_SIZE): number { return Math.max(0, offset - size); }
export function nextOffset(offset: number, size = PAGE_SIZE): number { return offset + size; }

/** The unread count as said next to a folder: « 3 non lus » ('' for none). */
export function unreadLabel(n: number): string {
  if (n <= 0) return '';
  return n === 1 ? '1 non lu' : `${n} non lus`;
}

/** What the folder pane says of the mailbox's room: « 12 Mo utilisés sur 200 Mo », the bar's percent, a warning near the end. */
export function quotaView(q: Quota, size: (bytes: number) => string): { sentence: string; percent: number | null; warning: string | null; full: boolean } {
  if (q.limit === null || q.limit <= 0) return { sentence: `${size(q.used)} utilisés`, percent: null, warning: null, full: false };
  const percent = Math.max(0, Math.min(100, Math.round((q.used * 100) / q.limit)));
  const full = q.used >= q.limit;
  const warning = full
    ? 'Votre boîte aux lettres est pleine : supprimez des messages ou videz la corbeille pour en recevoir de nouveaux.'
    : percent >= 90 ? `Votre boîte aux lettres est presque pleine : il reste ${size(q.limit - q.used)}.` : null;
  return { sentence: `${size(q.used)} utilisés sur ${size(q.limit)}`, percent, warning, full };
}

/** The accessible name of a message in the list: everything the row shows, in one sentence. */
export function summaryLabel(s: Summary, sentFolder: boolean, date: string): string {
  const parts = [
    s.seen ? '' : 'Non lu.',
    sentFolder ? `À ${recipientsLabel(s.to)}.` : `De ${who(s.from)}.`,
    `${s.subject || '(sans objet)'}.`,
    date ? `${date}.` : '',
    s.attachments ? 'Avec pièce jointe.' : '',
    s.flagged ? 'Suivi.' : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** Splits what was typed in a recipient field at commas and semicolons, keeping « Nom <adresse> » together. */
export function splitRecipients(typed: string): string[] {
  const out: string[] = [];
  let current = '';
  let inAngle = false;
  for (const ch of typed) {
    if (ch === '<') inAngle = true;
    if (ch === '>') inAngle = false;
    if ((ch === ',' || ch === ';') && !inAngle) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Whether a typed recipient looks like an address (the server checks again). */
export function looksLikeAddress(typed: string): boolean {
  const m = /<([^>]+)>\s*$/.exec(typed);
  const address = (m ? m[1]! : typed).trim();
  return /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(address);
}

/** The address part of a typed recipient, lower case (for duplicates). */
export function addressOf(typed: string): string {
  const m = /<([^>]+)>\s*$/.exec(typed);
  return (m ? m[1]! : typed).trim().toLowerCase();
}

/** Adds a recipient unless it is already there (same address). */
export function addRecipient(list: string[], typed: string): string[] {
  const a = addressOf(typed);
  return list.some((x) => addressOf(x) === a) ? list : [...list, typed.trim()];
}

/** Plain text (a reply's quote) as the editor's HTML: paragraphs and line breaks, every character escaped. */
export function textToHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return paragraphs.map((p) => `<p>${p.split('\n').map(escape).join('<br>')}</p>`).join('');
}

/** What a chosen recipient shows: « Julien Dumas » for « Julien Dumas <j@x.fr> », else the address. */
export function chipLabel(typed: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(typed);
  return m && m[1]!.trim() ? m[1]!.trim() : addressOf(typed);
}

/** What the address book's suggestions announce: « 3 personnes et 1 liste trouvées. ». */
export function suggestionStatus(people: number, lists: number): string {
  if (people === 0 && lists === 0) return 'Personne de votre carnet d’adresses ne correspond.';
  const p = people === 0 ? '' : people === 1 ? '1 personne' : `${people} personnes`;
  const l = lists === 0 ? '' : lists === 1 ? '1 liste' : `${lists} listes`;
  const both = p && l;
  const plural = people + lists > 1;
  return `${[p, l].filter(Boolean).join(' et ')} trouvée${plural || both ? 's' : ''}.`;
}

/** What the compose form sends, for « Envoyer » and « Enregistrer le brouillon » alike. */
export function messageBody(f: { to: string[]; cc: string[]; subject: string; html: string; uploads: string[]; replyTo?: Ref; forward?: Ref;
  draft?: number; draftParts: Part[] }): SendInput {
  const body: SendInput = { to: f.to, cc: f.cc, subject: f.subject, html: f.html, attachments: f.uploads, replyTo: f.replyTo, forward: f.forward };
  if (f.draft !== undefined) {
    body.draft = f.draft;
    body.draftAttachments = f.draftParts.map((p) => p.index);
  }
  return body;
}

/** The empty state of a folder. */
export function emptyFolderText(folder: string, query: string): string {
  if (query) return `Aucun message de ce dossier ne contient « ${query} ».`;
  if (folder === 'Trash') return 'La corbeille est vide.';
  if (folder === 'INBOX') return 'Aucun message pour l’instant. Les messages que l’on vous écrit arriveront ici.';
  if (folder === 'Drafts') return 'Aucun brouillon. Pendant que vous écrivez, « Enregistrer le brouillon » garde le message ici pour le finir plus tard.';
  return 'Aucun message dans ce dossier.';
}

/** A text split around the remote images' markers ⟦image:N⟧: strings and image indexes, in order. */
export function splitImageMarkers(text: string): Array<string | number> {
  const out: Array<string | number> = [];
  let last = 0;
  for (const m of text.matchAll(/\u27E6image:(\d+)\u27E7/g)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push(Number(m[1]));
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** « Ce message contient 2 images distantes… » */
export function remoteImagesText(count: number): string {
  return `Ce message contient ${count === 1 ? 'une image distante, masquée' : `${count} images distantes, masquées`} pour protéger votre vie privée : `
    + 'les afficher peut prévenir l’expéditeur que vous avez ouvert le message.';
}
