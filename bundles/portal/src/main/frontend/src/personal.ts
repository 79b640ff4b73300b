/**
 * The person's own space, without the DOM (unit-tested under Node): favourites first, initials
 * when there is no photo, the words for unread items, which display preferences win, and the
 * checks on a photo before it is sent.
 */
import type { CatalogueItem, ProfileCode, ServerPrefs } from './types.js';

/** Favourites first, in the order they were pinned, then the others in catalogue order. */
export function orderByFavourites(items: CatalogueItem[], favourites: readonly string[]): CatalogueItem[] {
  const rank = new Map(favourites.map((id, i) => [id, i]));
  const pinned = items.filter((m) => rank.has(m.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  return [...pinned, ...items.filter((m) => !rank.has(m.id))];
}

/** The star button's name: it says what a press does. */
export function favouriteLabel(moduleName: string, pinned: boolean): string {
  return pinned ? `Retirer ${moduleName} des favoris` : `Ajouter ${moduleName} aux favoris`;
}

/** "Léa Durand" → "LD"; "Anne-Sophie de la Tour" → "AT"; one word → its first letter. */
export function initials(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return '?';
  const first = words[0]!;
  const last = words.length > 1 ? words[words.length - 1]! : '';
  const letter = (w: string) => (w.match(/\p{L}/u)?.[0] ?? '').toLocaleUpperCase('fr-FR');
  return `${letter(first)}${letter(last)}`;
}

/** What the header badge and the news panel say. */
export function unreadText(n: number): string {
  if (n <= 0) return 'Aucune nouveauté non lue';
  return n === 1 ? '1 nouveauté non lue' : `${n} nouveautés non lues`;
}

/** The badge shows at most "99+". */
export function badgeCount(n: number): string {
  return n > 99 ? '99+' : String(Math.max(0, n));
}

export interface Prefs { contrast: boolean; large: boolean }

/**
 * Which preferences to apply after signing in: those saved on the box when the person saved
 * some (they follow them from device to device), else those of this device.
 */
export function chooseDisplayPrefs(server: ServerPrefs | null, local: Prefs): Prefs {
  if (server && server.saved) return { contrast: !!server.contrast, large: !!server.large };
  return local;
}

export const AVATAR_MAX_BYTES = 1_048_576;
export const AVATAR_TYPES = ['image/png', 'image/jpeg'];

/** A French sentence when the chosen file cannot be a photo, else null (the box checks again). */
export function avatarProblem(file: { size: number; type: string; name: string }): string | null {
  const type = file.type || (/\.(png)$/i.test(file.name) ? 'image/png' : /\.(jpe?g)$/i.test(file.name) ? 'image/jpeg' : '');
  if (!AVATAR_TYPES.includes(type)) return 'Choisissez une photo au format PNG ou JPEG.';
  if (file.size === 0) return 'Ce fichier est vide. Choisissez une autre photo.';
  if (file.size > AVATAR_MAX_BYTES) return 'Cette photo est trop lourde : 1 Mo au maximum. Choisissez une image plus petite ou réduisez-la.';
  return null;
}

/** Whether this person may open the console (the box checks again on every call). */
export function mayUseConsole(profiles: readonly ProfileCode[]): boolean {
  return profiles.includes('REFERENT') || profiles.includes('DIRECTION');
}

/** The main pages of the portal counted in the statistics, by route name (the box knows the same list). */
const COUNTED_PAGES: Record<string, string> = {
  home: 'accueil', profile: 'profil', help: 'aide', legal: 'mentions-legales', accessibility: 'accessibilite', console: 'console',
};

/** What the statistics call the page of a route: `accueil`, `module/cahier`…; null for pages not counted. */
export function pageViewId(route: { name: string; params: Record<string, string | undefined> }): string | null {
  if (route.name === 'module') return route.params.id ? `module/${route.params.id}` : null;
  return COUNTED_PAGES[route.name] ?? null;
}

/** What the console's head says under its title. */
export function consoleLead(profiles: readonly ProfileCode[]): string {
  if (!mayUseConsole(profiles)) return 'La console sert au référent numérique et à la direction de l’établissement.';
  return profiles.includes('REFERENT') ? 'Gérez les comptes, les imports, les modules et les établissements de la box.'
    : 'Consultez les comptes, les statistiques et l’état de la box de votre établissement.';
}
