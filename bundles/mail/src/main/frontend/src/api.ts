/**
 * The webmail's REST calls (bundles/mail/README.md) over the shell's client (context.api, rooted at /api/v1, CSRF
 * header on writes, errors carrying the French title).
 */
import type { AddressBook, ApiLike, Draft, DraftView, FolderList, HeldMessage, MessageView, Page, Quota, SavedDraft, SendInput, SendResult } from './types.js';

const seg = (s: string | number) => encodeURIComponent(String(s));

export class MailApi {
  constructor(private readonly api: ApiLike) {}

  folders(): Promise<FolderList> { return this.api.get('mail/folders'); }

  quota(): Promise<Quota> { return this.api.get('mail/quota'); }

  /** One page of a folder; with `q`, only the messages whose subject, correspondents or text hold it. */
  messages(folder: string, offset: number, limit: number, q?: string): Promise<Page> {
    return this.api.get(`mail/folders/${seg(folder)}/messages`, { query: { offset, limit, q: q?.trim() || undefined } });
  }

  move(folder: string, uid: number, to: string): Promise<void> {
    return this.api.post(`mail/folders/${seg(folder)}/messages/${seg(uid)}/move`, { to });
  }

  /** One message; with `images`, its remote images too (fetched through the box). */
  message(folder: string, uid: number, images = false): Promise<MessageView> {
    const path = `mail/folders/${seg(folder)}/messages/${seg(uid)}`;
    return images ? this.api.get(path, { query: { images: 'remote' } }) : this.api.get(path);
  }

  /** The address of a message's remote image, served by the box. */
  imageUrl(folder: string, uid: number, index: number): string {
    return `/api/v1/mail/folders/${seg(folder)}/messages/${seg(uid)}/images/${seg(index)}`;
  }

  setSeen(folder: string, uid: number, seen: boolean): Promise<void> {
    return this.api.put(`mail/folders/${seg(folder)}/messages/${seg(uid)}/seen`, { seen });
  }

  setFlagged(folder: string, uid: number, flagged: boolean): Promise<void> {
    return this.api.put(`mail/folders/${seg(folder)}/messages/${seg(uid)}/flagged`, { flagged });
  }

  delete(folder: string, uid: number): Promise<{ trashed: boolean }> {
    return this.api.delete(`mail/folders/${seg(folder)}/messages/${seg(uid)}`);
  }

  reply(folder: string, uid: number, all: boolean): Promise<Draft> {
    return this.api.get(`mail/folders/${seg(folder)}/messages/${seg(uid)}/reply`, { query: { all: all ? 'true' : undefined } });
  }

  forward(folder: string, uid: number): Promise<Draft> {
    return this.api.get(`mail/folders/${seg(folder)}/messages/${seg(uid)}/forward`);
  }

  /** The address of one attachment (a plain link: the browser downloads it with the session cookie). */
  attachmentUrl(folder: string, uid: number, index: number): string {
    return `/api/v1/mail/folders/${seg(folder)}/messages/${seg(uid)}/attachments/${seg(index)}`;
  }

  /** Where one file goes before the message: the raw bytes as the body, the file's name in `nom`. */
  uploadPath(fileName: string): string { return `mail/uploads?nom=${encodeURIComponent(fileName)}`; }

  send(body: SendInput): Promise<SendResult> { return this.api.post('mail/messages', body); }

  /** « À valider »: the pupils' messages waiting for the person's approval (a teacher or the direction). */
  toValidate(): Promise<{ items: HeldMessage[] }> { return this.api.get('mail/moderation'); }

  /** The person's own messages waiting for a teacher's approval. */
  myPending(): Promise<{ items: HeldMessage[] }> { return this.api.get('mail/moderation/mine'); }

  approve(id: string): Promise<{ recipients: number }> { return this.api.post(`mail/moderation/${seg(id)}/approve`); }

  /** Refuses a pupil's message; the pupil finds a notice with the reason (when given) in their inbox. */
  refuse(id: string, reason: string): Promise<void> { return this.api.post(`mail/moderation/${seg(id)}/refuse`, { reason: reason.trim() }); }

  /** Keeps the message being written in « Brouillons » (a new version of `body.draft` when set). */
  saveDraft(body: SendInput): Promise<SavedDraft> { return this.api.post('mail/drafts', body); }

  /** A draft of « Brouillons », to go on writing it. */
  draft(uid: number): Promise<DraftView> { return this.api.get(`mail/drafts/${seg(uid)}`); }

  contacts(q: string): Promise<AddressBook> {
    return this.api.get('mail/contacts', { query: { q: q.trim() || undefined } });
  }
}

/** The French sentence of a failed call (the problem's title), or a kind default. */
export function problemTitle(e: unknown): string {
  if (e && typeof e === 'object' && 'title' in e && typeof (e as { title: unknown }).title === 'string' && (e as { title: string }).title) {
    return (e as { title: string }).title;
  }
  return 'La messagerie ne répond pas. Vérifiez votre connexion puis réessayez.';
}

/** The stable code of a failed call ('' when unknown). */
export function problemCode(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : '';
}
