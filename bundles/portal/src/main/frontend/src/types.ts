/** Shapes of the box's REST answers (see the portal's README section in the bundle). */

export type ProfileCode =
  | 'ELEVE' | 'PARENT' | 'ENSEIGNANT' | 'DIRECTION' | 'PERSONNEL' | 'REFERENT' | 'INVITE';

export interface School {
  uai: string;
  name: string;
}

export interface Person {
  id: string;
  login: string;
  displayName: string;
  profiles: ProfileCode[];
  school: School;
}

/** Body of POST /auth/login, POST /auth/activate and GET /me. */
export interface SessionInfo {
  person: Person;
  csrfToken: string;
}

export interface CatalogueItem {
  id: string;
  name: string;
  description: string;
  icon: string;
  entryPoint: string;
  order: number;
}

export interface SearchHit {
  module: string;
  moduleName?: string;
  /** search module only */
  type?: string;
  title: string;
  /** plain text from the portal's simple search; HTML with <mark> from the search module (see snippetParts) */
  snippet: string;
  url: string;
  score?: number;
  date?: string | null;
}

/** The search module's answer (the portal's simple search answers only `items`). */
export interface SearchPage {
  /** The search module's answer. */
  hits?: SearchHit[];
  /** The portal's simple search (without the search module). */
  items?: SearchHit[];
  total?: number;
  page?: number;
  pageSize?: number;
  facets?: { module?: Record<string, number>; type?: Record<string, number> };
}

export interface NotificationItem {
  /** Opaque key for POST /notifications/{key}/read. */
  key: string;
  id: string;
  module: string;
  moduleName?: string;
  title: string;
  url: string;
  /** ISO-8601 instant. */
  at: string;
  /** Not opened yet by this person. */
  unread: boolean;
}

/** GET /notifications: the newest items and how many of all kept are unread. */
export interface Notifications {
  items: NotificationItem[];
  unread: number;
}

export interface Items<T> {
  items: T[];
}

/** A pupil a responsable légal follows (GET /children). */
export interface Child {
  id: string;
  displayName: string;
  classes: string[];
  school: School;
}

/** GET /me/profile: one's own data as the annuaire knows it. */
export interface OwnProfile {
  id: string;
  login: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  profiles: { code: ProfileCode; label: string }[];
  school: School;
  mail: string | null;
  classes: string[];
  groups: string[];
  teachings: { division: string; subject: string | null }[];
  children: { displayName: string; classes: string[]; school: School }[];
  /** Address of the photo (versioned), or null. */
  avatar: string | null;
}

/** GET/PUT /me/preferences. */
export interface ServerPrefs {
  contrast: boolean;
  large: boolean;
  /** False until the person saved theirs on the box. */
  saved: boolean;
}
