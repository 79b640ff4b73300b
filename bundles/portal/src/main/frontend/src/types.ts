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
  title: string;
  snippet: string;
  url: string;
  score: number;
}

export interface NotificationItem {
  id: string;
  module: string;
  moduleName?: string;
  title: string;
  url: string;
  /** ISO-8601 instant. */
  at: string;
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
