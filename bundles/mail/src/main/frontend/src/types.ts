/** Shapes of the webmail's REST answers (bundles/mail/README.md) and of what the shell hands to mount(). */

export interface Contact { name: string; address: string }

export interface Folder { id: string; label: string; role: 'inbox' | 'drafts' | 'sent' | 'trash' | 'other'; total: number; unread: number }
/**
 * `toValidate`: for a teacher or the direction, how many pupils' messages wait for their approval (null otherwise);
 * `pending`: how many of the person's own messages wait for a teacher's approval.
 */
export interface FolderList { address: string; unread: number; items: Folder[]; toValidate?: number | null; pending?: number }

/** A pupil's message waiting for a teacher's approval (« À valider », and the pupil's « En attente »). */
export interface HeldMessage { id: string; from: Contact; to: string[]; subject: string; date: string; preview: string; attachments: Part[]; size: number }

/** What sending answered: `pending` when the message waits for a teacher's approval (`message` says so). */
export interface SendResult { recipients: number; folder: string | null; pending?: boolean; message?: string | null }
/** The person's mailbox: bytes used, and the limit (null: no limit). */
export interface Quota { used: number; limit: number | null }

export interface Summary {
  uid: number;
  from: Contact;
  to: Contact[];
  subject: string;
  date: string | null;
  size: number;
  seen: boolean;
  flagged: boolean;
  attachments: boolean;
}

export interface Page { folder: string; total: number; offset: number; limit: number; items: Summary[] }

export interface Part { index: number; name: string; type: string; size: number }

export interface MessageView {
  folder: string;
  uid: number;
  subject: string;
  from: Contact;
  to: Contact[];
  cc: Contact[];
  date: string | null;
  size: number;
  seen: boolean;
  flagged: boolean;
  text: string;
  html: string;
  attachments: Part[];
  messageId: string | null;
  /** Remote images of the HTML, left out unless asked for. */
  remoteImages?: number;
  /** When asked for: each image's place (a marker ⟦image:N⟧ in `html`) and alternative text. */
  images?: { index: number; alt: string }[] | null;
}

export interface Draft { to: string[]; cc: string[]; subject: string; text: string; inReplyTo: string | null }

export interface AddressBookEntry { name: string; address: string; profile: string; detail: string }
export interface AddressBookList { name: string; detail: string; members: Contact[] }
export interface AddressBook { items: AddressBookEntry[]; lists?: AddressBookList[] }

export interface Ref { folder: string; uid: number }

export interface SendInput {
  to: string[];
  cc: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments: string[];
  replyTo?: Ref;
  forward?: Ref;
  /** The UID in « Brouillons » of the draft being edited (sent: deleted; kept again: replaced). */
  draft?: number;
  /** Which of that draft's attachments the message keeps. */
  draftAttachments?: number[];
}

/** A draft kept in « Brouillons ». */
export interface SavedDraft { folder: string; uid: number; attachments: Part[] }
/** A draft reopened in the compose form. */
export interface DraftView { uid: number; to: string[]; cc: string[]; subject: string; text: string; html: string | null; attachments: Part[] }

export interface Upload { id: string; name: string; type: string; size: number }

export interface ApiLike {
  get<T>(path: string, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  post<T>(path: string, body?: unknown, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  put<T>(path: string, body?: unknown, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
  delete<T>(path: string, options?: { query?: Record<string, string | number | undefined> }): Promise<T>;
}

export interface Person { id: string; displayName: string; profiles: string[] }
