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
