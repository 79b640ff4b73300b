/**
 * Big files go up in pieces (bundles/files README, « Envois en plusieurs morceaux »): what the kit's file picker sends
 * through. A file above {@link RESUMABLE_FROM} opens an upload session, sends {@link PIECE}-sized pieces with the
 * picker's per-file progress bar, and after a cut (no answer, the box restarting) asks the box how much it holds and
 * goes on from there, waiting a little longer each time; the box then makes the file exactly as a single upload does.
 * Smaller files go as one request, as before.
 */
import type { FilesApi } from './api.js';
import { MAX_RETRIES, nextPiece, PIECE, RESUMABLE_FROM, resumable, retryDelay } from './logic.js';
import type { FileNode, UploadSession } from './types.js';

type Query = Record<string, string | number | undefined>;

/** What the kit's picker needs of a client (the shell's own client has the same method). */
export interface UploadClient {
  uploadWithProgress<T>(path: string, file: Blob & { name?: string }, options?: { query?: Query; onProgress?: (f: number) => void; method?: 'POST' | 'PUT'; signal?: AbortSignal }): Promise<T>;
}

export interface ResumableOptions {
  from?: number;
  piece?: number;
  retries?: number;
  /** Waits between tries (a test passes one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); });

/** A client for `picker.upload(…)`: the same call for every file, in pieces for the big ones. */
export function resumableClient(api: FilesApi, o: ResumableOptions = {}): UploadClient {
  const from = o.from ?? RESUMABLE_FROM;
  return {
    uploadWithProgress<T>(path: string, file: Blob & { name?: string }, options: { query?: Query; onProgress?: (f: number) => void; signal?: AbortSignal } = {}): Promise<T> {
      if (file.size <= from || !options.query?.espace) return api.client.uploadWithProgress<T>(path, file, options);
      return sendInPieces(api, file, {
        espace: String(options.query.espace), dossier: options.query.dossier === undefined ? null : String(options.query.dossier),
      }, options.onProgress, o) as Promise<T>;
    },
  };
}

/** Opens a session, sends the pieces (resuming after cuts), finishes; a session that cannot go on is cancelled. */
export async function sendInPieces(api: FilesApi, file: Blob & { name?: string }, where: { espace: string; dossier: string | null },
  onProgress: ((f: number) => void) | undefined, o: ResumableOptions = {}): Promise<FileNode> {
  const piece = o.piece ?? PIECE;
  const retries = o.retries ?? MAX_RETRIES;
  const sleep = o.sleep ?? wait;
  const size = file.size;
  const session = await api.openUpload({ espace: where.espace, dossier: where.dossier, nom: file.name ?? 'fichier', taille: size, type: file.type || undefined });
  let received = session.recu;
  let failures = 0;
  try {
    while (received < size) {
      const { start, end } = nextPiece(received, size, piece);
      try {
        const answer = await api.client.uploadWithProgress<UploadSession>(api.piecePath(session.id, start), file.slice(start, end), {
          method: 'PUT',
          onProgress: (f) => onProgress?.(Math.min(1, (start + f * (end - start)) / Math.max(1, size))),
        });
        received = answer.recu;
        failures = 0;
      } catch (e) {
        if (!resumable(e) || failures >= retries) throw e;
        failures += 1;
        received = await whereItStands(api, session.id, failures, retries, sleep);
      }
    }
    return await api.finishUpload(session.id);
  } catch (e) {
    // a refusal (quota, size, antivirus) or a connection that never came back: the box forgets the bytes
    api.cancelUpload(session.id).catch(() => undefined);
    throw e;
  }
}

/** After a cut: waits, then asks the box how much it holds, trying again while it does not answer. */
async function whereItStands(api: FilesApi, id: string, failures: number, retries: number, sleep: (ms: number) => Promise<void>): Promise<number> {
  for (let attempt = failures; ; attempt += 1) {
    await sleep(retryDelay(attempt));
    try {
      return (await api.uploadStatus(id)).recu;
    } catch (e) {
      if (!resumable(e) || attempt >= retries) throw e;
    }
  }
}
