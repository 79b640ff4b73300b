// A stand-in for the files module's REST contract (bundles/files/README.md), in memory, for trying the
// screen in Chromium without Karaf: a front server serves the built screen at /modules/files/*,
// answers /api/v1/files/* itself and forwards everything else to the portal's mock box
// (bundles/portal/src/test/browser/mock-server.mjs). `state.role` chooses who is asking: a teacher
// (writes in their class), a pupil (reads it) or the direction (reads every class). Limits are small so that the box's refusals show:
// `state.maxFile` (413 file-too-large) and `state.limit` of the personal space (507 quota-exceeded).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const UAI = '0999999Z';
const ME = 'perso:p-0001';
const CLASS = `classe:${UAI}:CLASSE:5A`;
const SCHOOL = `etab:${UAI}`;
const MIB = 1024 * 1024;

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
function problem(res, status, code, title) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `urn:preau:problem:${code}`, code, title, status }));
}
async function raw(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}
function human(bytes) {
  if (bytes < 1024) return `${bytes} ${bytes > 1 ? 'octets' : 'octet'}`;
  const units = ['Ko', 'Mo', 'Go'];
  let v = bytes;
  let u = -1;
  do { v /= 1024; u += 1; } while (v >= 1024 && u < units.length - 1);
  return `${v >= 100 ? Math.round(v) : v.toFixed(1).replace('.', ',')} ${units[u]}`;
}

export function createFilesMock({ uiDir, upstream }) {
  const state = { role: 'ENSEIGNANT', nodes: [], passwords: [], seq: 100, maxFile: 2 * MIB, limit: 5 * MIB };
  const id = () => String(++state.seq);
  const now = () => new Date().toISOString();
  // the direction reads every class of the school (and writes the school's space)
  const others = () => (state.role === 'DIRECTION' ? ['6A', '6B', '4A', '4B', '3A'].map((c) => ({ id: `classe:${UAI}:CLASSE:${c}`, kind: 'CLASSE', label: `Classe ${c}`, canWrite: false })) : []);
  const spaces = () => [
    { id: ME, kind: 'PERSO', label: 'Mes documents', canWrite: true },
    { id: CLASS, kind: 'CLASSE', label: 'Classe 5A', canWrite: state.role === 'ENSEIGNANT' },
    ...others(),
    { id: SCHOOL, kind: 'ETAB', label: 'Établissement', canWrite: state.role === 'DIRECTION' },
  ];
  const space = (sid) => spaces().find((s) => s.id === sid);
  const limitOf = (sid) => (sid === ME ? state.limit : 10240 * MIB);
  const live = (n) => !n.deletedAt;
  const used = (sid) => state.nodes.filter((n) => n.espace === sid).reduce((a, n) => a + n.size, 0);
  const trashBytes = (sid) => state.nodes.filter((n) => n.espace === sid && n.deletedAt).reduce((a, n) => a + n.size, 0);
  const child = (sid, parent, name) => state.nodes.find((n) => live(n) && n.espace === sid && n.parentId === parent && n.name === name);
  const view = ({ bytes, ...n }) => ({ ...n, url: n.folder ? null : `/api/v1/files/fichiers/${n.id}` });
  const nodeOf = (nid) => state.nodes.find((n) => n.id === nid && live(n) && space(n.espace));
  const below = (n) => state.nodes.filter((x) => x.parentId === n.id).flatMap((x) => [x, ...below(x)]);
  const chemin = (n) => {
    const out = [];
    for (let p = n; p; p = state.nodes.find((x) => x.id === p.parentId)) out.unshift({ id: p.id, name: p.name });
    return out;
  };
  const sorted = (items) => items.sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name, 'fr'));
  const nameProblem = (name) => (!name || !name.trim() ? [400, 'name-empty', 'Donnez un nom au fichier ou au dossier.']
    : /[/\\:*?"<>|]/.test(name) ? [400, 'name-forbidden-character', 'Un nom ne peut contenir ni / ni \\ ni aucun des caractères : * ? " < > | (ni caractère de contrôle).'] : null);
  const taken = (name) => [409, 'name-taken', `« ${name} » existe déjà dans ce dossier : choisissez un autre nom.`];
  const readOnly = (s) => [403, 'read-only-space', `Vous pouvez consulter « ${s.label} » mais pas y déposer ni y modifier de fichiers.`];
  const notFound = [404, 'file-not-found', 'Ce fichier ou ce dossier n\'existe pas (ou plus), ou ne vous est pas ouvert.'];
  const full = (needed, free) => [507, 'quota-exceeded', `Espace plein : il reste ${human(Math.max(0, free))} et il faudrait ${human(needed)}. Videz la corbeille ou supprimez des fichiers.`];
  const add = (fields) => {
    const n = { id: id(), parentId: null, folder: false, size: 0, type: null, sha256: null, createdAt: now(), updatedAt: now(), deletedAt: null, ...fields };
    state.nodes.push(n);
    return n;
  };

  /** A class space with a course, a folder and a file in it; nothing in the personal space. */
  state.reset = () => {
    state.nodes = [];
    state.passwords = [];
    state.role = 'ENSEIGNANT';
    const cours = add({ espace: CLASS, name: 'Cours', folder: true });
    add({ espace: CLASS, parentId: cours.id, name: 'Fractions.pdf', size: 48_213, type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    add({ espace: CLASS, name: 'Emploi du temps.png', size: 120_400, type: 'image/png', bytes: Buffer.from('png') });
    add({ espace: SCHOOL, name: 'Règlement intérieur.pdf', size: 310_000, type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
  };
  state.reset();

  function place(res, n, b, copy) {
    const to = space(b.espace ?? n.espace);
    if (!to) return problem(res, ...notFound);
    if (!to.canWrite) return problem(res, ...readOnly(to));
    if (!copy && !space(n.espace).canWrite) return problem(res, ...readOnly(space(n.espace)));
    const folder = b.dossier ?? null;
    const name = b.nom ?? n.name;
    const wrong = nameProblem(name);
    if (wrong) return problem(res, ...wrong);
    if (n.folder && (folder === n.id || (folder && chemin(state.nodes.find((x) => x.id === folder)).some((c) => c.id === n.id)))) {
      return problem(res, 409, 'into-itself', 'Un dossier ne peut pas aller dans lui-même ni dans l\'un de ses sous-dossiers.');
    }
    const clash = child(to.id, folder, name);
    if (clash && clash.id !== n.id) return problem(res, ...taken(name));
    if (copy) {
      const size = n.size + below(n).reduce((a, x) => a + x.size, 0);
      if (size > limitOf(to.id) - used(to.id)) return problem(res, ...full(size, limitOf(to.id) - used(to.id)));
      const dup = (src, parent, nm) => {
        const c = add({ ...src, id: undefined, espace: to.id, parentId: parent, name: nm, createdAt: now(), updatedAt: now() });
        c.id = id();
        for (const k of state.nodes.filter((x) => x.parentId === src.id && live(x))) dup(k, c.id, k.name);
        return c;
      };
      return json(res, 201, view(dup(n, folder, name)));
    }
    Object.assign(n, { espace: to.id, parentId: folder, name, updatedAt: now() });
    for (const x of below(n)) x.espace = to.id;
    return json(res, 200, view(n));
  }

  async function api(req, res, path, url) {
    const q = Object.fromEntries(url.searchParams);
    const key = `${req.method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    const pid = /\/(\d+)/.exec(path)?.[1];
    const body = async () => JSON.parse((await raw(req)).toString() || '{}');
    switch (key) {
      case 'GET espaces': return json(res, 200, { items: spaces() });
      case 'GET dossier': {
        const s = space(q.espace);
        if (!s) return problem(res, 404, 'space-not-found', 'Cet espace n\'existe pas ou ne vous est pas ouvert.');
        const here = q.dossier ? nodeOf(q.dossier) : null;
        if (q.dossier && (!here || here.espace !== s.id || !here.folder)) return problem(res, ...notFound);
        return json(res, 200, { espace: s, dossier: here && view(here), chemin: here ? chemin(here) : [],
          items: sorted(state.nodes.filter((n) => live(n) && n.espace === s.id && n.parentId === (here?.id ?? null)).map(view)) });
      }
      case 'GET quota': {
        const u = used(q.espace);
        const limit = limitOf(q.espace);
        return json(res, 200, { used: u, trash: trashBytes(q.espace), limit, usedLabel: human(u), limitLabel: human(limit),
          percent: Math.min(100, Math.round((100 * u) / limit)), maxFile: state.maxFile, maxFileLabel: human(state.maxFile) });
      }
      case 'POST dossiers': {
        const b = await body();
        const s = space(b.espace);
        if (!s?.canWrite) return problem(res, ...(s ? readOnly(s) : notFound));
        const wrong = nameProblem(b.nom);
        if (wrong) return problem(res, ...wrong);
        if (child(s.id, b.dossier ?? null, b.nom)) return problem(res, ...taken(b.nom));
        return json(res, 201, view(add({ espace: s.id, parentId: b.dossier ?? null, name: b.nom, folder: true })));
      }
      case 'POST fichiers': {
        const s = space(q.espace);
        if (!s?.canWrite) return problem(res, ...(s ? readOnly(s) : notFound));
        const declared = Number(req.headers['content-length'] ?? -1);
        if (declared > state.maxFile) { req.resume(); return problem(res, 413, 'file-too-large', `Ce fichier dépasse la taille maximale d'un fichier (${human(state.maxFile)}).`); }
        const free = limitOf(s.id) - used(s.id);
        if (declared > free) { req.resume(); return problem(res, ...full(declared, free)); }
        const bytes = await raw(req);
        const wrong = nameProblem(q.nom);
        if (wrong) return problem(res, ...wrong);
        if (child(s.id, q.dossier || null, q.nom)) return problem(res, ...taken(q.nom));
        return json(res, 201, view(add({ espace: s.id, parentId: q.dossier || null, name: q.nom, size: bytes.length,
          type: req.headers['content-type'] || 'application/octet-stream', bytes })));
      }
      case 'GET fichiers/{id}': {
        const n = nodeOf(pid);
        if (!n || n.folder) return problem(res, ...notFound);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(n.name)}` });
        return res.end(n.bytes ?? Buffer.alloc(0));
      }
      case 'POST noeuds/{id}/renommer': {
        const n = nodeOf(pid);
        return n ? place(res, n, { nom: (await body()).nom, dossier: n.parentId }, false) : problem(res, ...notFound);
      }
      case 'POST noeuds/{id}/deplacer': case 'POST noeuds/{id}/copier': {
        const n = nodeOf(pid);
        return n ? place(res, n, await body(), path.endsWith('copier')) : problem(res, ...notFound);
      }
      case 'DELETE noeuds/{id}': {
        const n = nodeOf(pid);
        if (!n) return problem(res, ...notFound);
        if (!space(n.espace).canWrite) return problem(res, ...readOnly(space(n.espace)));
        n.deletedAt = now();
        n.trashed = true;
        return json(res, 204);
      }
      case 'GET corbeille': {
        const s = space(q.espace);
        if (!s?.canWrite) return problem(res, ...(s ? readOnly(s) : notFound));
        return json(res, 200, { items: state.nodes.filter((n) => n.espace === s.id && n.trashed).map(view) });
      }
      case 'POST corbeille/{id}/restaurer': {
        const n = state.nodes.find((x) => x.id === pid && x.trashed);
        if (!n) return problem(res, ...notFound);
        let name = n.name;
        for (let i = 2; child(n.espace, n.parentId, name); i++) name = n.name.replace(/(\.[^.]*)?$/, ` (${i})$1`);
        Object.assign(n, { deletedAt: null, trashed: false, name });
        return json(res, 200, view(n));
      }
      case 'DELETE corbeille/{id}': {
        const n = state.nodes.find((x) => x.id === pid && x.trashed);
        if (!n) return problem(res, ...notFound);
        const gone = new Set([n, ...below(n)]);
        state.nodes = state.nodes.filter((x) => !gone.has(x));
        return json(res, 204);
      }
      case 'GET mots-de-passe': return json(res, 200, { items: state.passwords.map(({ secret, ...p }) => p) });
      case 'POST mots-de-passe': {
        const label = ((await body()).label ?? '').trim();
        if (!label || label.length > 100) return problem(res, 400, 'invalid-label', 'Nommez ce mot de passe d\'application (100 caractères au plus), par exemple « Ordinateur de la maison ».');
        const p = { id: id(), label, createdAt: now(), lastUsedAt: null, secret: `preau-${Math.random().toString(36).slice(2, 10)}-${Math.random().toString(36).slice(2, 10)}` };
        state.passwords.push(p);
        return json(res, 201, p);
      }
      case 'DELETE mots-de-passe/{id}': {
        const before = state.passwords.length;
        state.passwords = state.passwords.filter((p) => p.id !== pid);
        return before === state.passwords.length
          ? problem(res, 404, 'app-password-not-found', 'Ce mot de passe d\'application n\'existe pas (ou plus).') : json(res, 204);
      }
      default: return problem(res, 404, 'not-found', 'Cette adresse n’existe pas.');
    }
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname.startsWith('/api/v1/files/')) return await api(req, res, url.pathname.slice('/api/v1/files/'.length), url);
      if (url.pathname.startsWith('/modules/files/')) {
        const file = normalize(join(uiDir, url.pathname.slice('/modules/files/'.length)));
        if (!file.startsWith(normalize(uiDir))) { res.writeHead(403); return res.end(); }
        const data = await readFile(file);
        res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'text/javascript; charset=utf-8' });
        return res.end(data);
      }
      const up = new URL(upstream);
      const fwd = http.request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      req.pipe(fwd);
      fwd.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    } catch {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    }
  });
  return {
    state,
    async listen() {
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${server.address().port}`;
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
