/**
 * The cahier's REST calls (bundles/cahier/README.md) over the shell's client (context.api, rooted at
 * /api/v1, CSRF header on writes, errors carrying the French title). For a parent, every call
 * carries `child=<id>`: the child they follow now.
 */
import type {
  ApiLike, CahierContext, Charge, Creneau, Devoir, Items, Seance, SeanceInput, StandaloneDevoirInput, Visa,
} from './types.js';

type Query = Record<string, string | number | undefined>;

export class CahierApi {
  constructor(private readonly api: ApiLike, private readonly child: string | null = null) {}

  /** The query with `child` added for a parent. */
  query(q: Query = {}): Query {
    const out: Query = {};
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = v;
    if (this.child) out.child = this.child;
    return out;
  }

  private get<T>(path: string, q?: Query): Promise<T> {
    return this.api.get<T>(`cahier/${path}`, { query: this.query(q) });
  }

  context(): Promise<CahierContext> { return this.get('context'); }

  seances(from: string, to: string, classe?: string): Promise<Items<Seance>> {
    return this.get('seances', { classe, from, to });
  }

  seance(id: string): Promise<Seance> { return this.get(`seances/${encodeURIComponent(id)}`); }

  createSeance(body: SeanceInput): Promise<Seance> { return this.api.post('cahier/seances', body); }
  createDevoir(body: StandaloneDevoirInput): Promise<Devoir> { return this.api.post('cahier/devoirs', body); }

  updateSeance(id: string, body: SeanceInput): Promise<Seance> {
    return this.api.put(`cahier/seances/${encodeURIComponent(id)}`, body);
  }

  deleteSeance(id: string): Promise<void> { return this.api.delete(`cahier/seances/${encodeURIComponent(id)}`); }

  copySeance(id: string, body: { classe: string; date: string; debut: string; fin: string }): Promise<Seance> {
    return this.api.post(`cahier/seances/${encodeURIComponent(id)}/copie`, body);
  }

  copyProgression(body: { source: string; from: string; to: string; cible: string; debut: string }): Promise<{ count: number }> {
    return this.api.post('cahier/progression/copie', body);
  }

  amend(what: 'seances' | 'devoirs', id: string, texte: string): Promise<unknown> {
    return this.api.post(`cahier/${what}/${encodeURIComponent(id)}/amendements`, { texte });
  }

  piecesPath(seanceId: string): string { return `cahier/seances/${encodeURIComponent(seanceId)}/pieces`; }

  /** Where one file goes: the raw bytes as the body, the file's name in `nom`. */
  piecePath(seanceId: string, fileName: string): string {
    return `${this.piecesPath(seanceId)}?nom=${encodeURIComponent(fileName)}`;
  }

  deletePiece(id: string): Promise<void> { return this.api.delete(`cahier/pieces/${encodeURIComponent(id)}`); }

  devoirs(from: string, to: string, classe?: string): Promise<Items<Devoir>> {
    return this.get('devoirs', { from, to, classe });
  }

  devoir(id: string): Promise<Devoir> { return this.get(`devoirs/${encodeURIComponent(id)}`); }

  deleteDevoir(id: string): Promise<void> { return this.api.delete(`cahier/devoirs/${encodeURIComponent(id)}`); }

  markDone(id: string, done: boolean): Promise<Devoir> {
    return this.api.put(`cahier/devoirs/${encodeURIComponent(id)}/fait`, { done });
  }

  charge(classe: string, from: string, to: string): Promise<Charge> { return this.get('charge', { classe, from, to }); }

  rattrapage(from: string, to: string): Promise<{ seances: Seance[]; devoirs: Devoir[] }> {
    return this.get('rattrapage', { from, to });
  }

  visas(classe: string): Promise<Items<Visa>> { return this.get('visas', { classe }); }

  createVisa(classe: string, until: string): Promise<unknown> { return this.api.post('cahier/visas', { classe, until }); }

  agenda(): Promise<{ active?: boolean; url: string | null }> { return this.get('agenda'); }

  renewAgenda(): Promise<{ url: string }> { return this.api.post('cahier/agenda', undefined, { query: this.query() }); }

  revokeAgenda(): Promise<void> { return this.api.delete('cahier/agenda', { query: this.query() }); }

  creneaux(classe: string, date: string): Promise<Items<{ debut: string; fin: string; label: string }>> {
    return this.get<Items<Creneau>>('creneaux', { classe, date });
  }

  reglages(): Promise<{ maxDevoirsParJour: number }> { return this.get('reglages'); }

  saveReglages(maxDevoirsParJour: number): Promise<{ maxDevoirsParJour: number }> {
    return this.api.put('cahier/reglages', { maxDevoirsParJour });
  }
}

/** The French sentence of a failed call (the problem's title), or a kind default. */
export function problemTitle(e: unknown): string {
  if (e && typeof e === 'object' && 'title' in e && typeof (e as { title: unknown }).title === 'string' && (e as { title: string }).title) {
    return (e as { title: string }).title;
  }
  return 'Le cahier de textes ne répond pas. Vérifiez votre connexion puis réessayez.';
}

/** The stable code of a failed call ('' when unknown). */
export function problemCode(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : '';
}
