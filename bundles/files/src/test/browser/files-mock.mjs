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
const SHARED = 'partage:p-0001';
const OTHER = 'perso:p-dumas';
const A5 = `${UAI}:CLASSE:5A`;
const MIB = 1024 * 1024;
/** What the mock answers for a preview: a small blue PNG. */
const PREVIEW_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGNQTX6NFTEMpAQAPdJFkRBSh5UAAAAASUVORK5CYII=', 'base64');

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
  const state = { role: 'ENSEIGNANT', nodes: [], passwords: [], seq: 100, maxFile: 2 * MIB, limit: 5 * MIB, shares: [], boxes: [], handins: [] };
  const id = () => String(++state.seq);
  const now = () => new Date().toISOString();
  // the direction reads every class of the school (and writes the school's space)
  const others = () => (state.role === 'DIRECTION' ? ['6A', '6B', '4A', '4B', '3A'].map((c) => ({ id: `classe:${UAI}:CLASSE:${c}`, kind: 'CLASSE', label: `Classe ${c}`, canWrite: false })) : []);
  const spaces = () => [
    { id: ME, kind: 'PERSO', label: 'Mes documents', canWrite: true },
    { id: CLASS, kind: 'CLASSE', label: 'Classe 5A', canWrite: state.role === 'ENSEIGNANT' },
    ...others(),
    { id: SCHOOL, kind: 'ETAB', label: 'Établissement', canWrite: state.role === 'DIRECTION' },
    { id: SHARED, kind: 'PARTAGE', label: 'Partagés avec moi', canWrite: false },
  ];
  const space = (sid) => spaces().find((s) => s.id === sid);
  const limitOf = (sid) => (sid === ME ? state.limit : 10240 * MIB);
  const live = (n) => !n.deletedAt;
  const used = (sid) => state.nodes.filter((n) => n.espace === sid).reduce((a, n) => a + n.size, 0);
  const trashBytes = (sid) => state.nodes.filter((n) => n.espace === sid && n.deletedAt).reduce((a, n) => a + n.size, 0);
  const child = (sid, parent, name) => state.nodes.find((n) => live(n) && n.espace === sid && n.parentId === parent && n.name === name);
  const view = ({ bytes, versions, ...n }) => ({ ...n, url: n.folder ? null : `/api/v1/files/fichiers/${n.id}` });
  // what others shared with « me » (the nodes of another person's space, reached through a share)
  const sharedWithMe = () => state.shares.filter((x) => x.toMe).map((x) => ({ x, n: state.nodes.find((n) => n.id === x.noeud && live(n)) })).filter((e) => e.n);
  const viaShare = (n) => {
    for (let p = n; p; p = state.nodes.find((x) => x.id === p.parentId)) if (state.shares.some((x) => x.toMe && x.noeud === p.id)) return true;
    return false;
  };
  const nodeOf = (nid) => state.nodes.find((n) => n.id === nid && live(n) && (space(n.espace) || viaShare(n)));
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
    state.shares = [];
    state.boxes = [];
    state.handins = [];
    const fiche = add({ espace: OTHER, name: 'Fiche de révision.pdf', size: 20_480, type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    state.shares.push({ id: id(), toMe: true, noeud: fiche.id, par: 'Julien Dumas', ecriture: false, jusqua: '2026-12-18' });
    const cours = add({ espace: CLASS, name: 'Cours', folder: true });
    add({ espace: CLASS, parentId: cours.id, name: 'Fractions.pdf', size: 48_213, type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    const edt = add({ espace: CLASS, name: 'Emploi du temps.png', size: 120_400, type: 'image/png', bytes: Buffer.from('png') });
    edt.versions = [{ id: id(), size: 118_000, sizeLabel: '115 Ko', type: 'image/png', modifiedAt: new Date(Date.now() - 86_400_000).toISOString(),
      replacedAt: now(), replacedBy: 'Julien Dumas', url: `/api/v1/files/noeuds/${edt.id}/versions/1` }];
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
        if (s.kind === 'PARTAGE') {
          const here = q.dossier ? nodeOf(q.dossier) : null;
          const items = here ? state.nodes.filter((n) => live(n) && n.parentId === here.id) : sharedWithMe().map((e) => e.n);
          return json(res, 200, { espace: s, dossier: here && view(here), chemin: here ? chemin(here) : [], items: sorted(items.map(view)) });
        }
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
      case 'GET fichiers/{id}/apercu': {
        // the box answers a JPEG for images and PDFs (404 preview-unavailable otherwise): a small picture stands in
        const n = nodeOf(pid);
        if (!n || n.folder || !/^image\/|^application\/pdf$/.test(n.type ?? '')) {
          return problem(res, 404, 'preview-unavailable', "Pas d'aperçu pour ce fichier : téléchargez-le pour l'ouvrir.");
        }
        res.writeHead(200, { 'Content-Type': 'image/png', ETag: `"p-${n.id}"`, 'Cache-Control': 'private, no-cache' });
        return res.end(PREVIEW_PNG);
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
      case 'GET noeuds/{id}/versions': {
        const n = nodeOf(pid);
        return n ? json(res, 200, { items: n.versions ?? [] }) : problem(res, ...notFound);
      }
      case 'POST noeuds/{id}/versions/{id}/restaurer': {
        const n = nodeOf(pid);
        if (!n || !n.versions?.length) return problem(res, 404, 'version-not-found', 'Cette version n\'existe pas (ou plus).');
        n.versions = [{ ...n.versions[0], id: id(), size: n.size }];
        n.updatedAt = now();
        return json(res, 200, view(n));
      }
      case 'GET partages/avec-moi':
        return json(res, 200, { items: sharedWithMe().map(({ x, n }) => ({ noeud: view(n), espace: SHARED, ecriture: x.ecriture, par: x.par, jusqua: x.jusqua })) });
      case 'GET partages/destinataires': {
        const people = state.role === 'ELEVE' ? [{ id: 'p-dumas', label: 'Julien Dumas', profil: 'enseignant' }]
          : [{ id: 'p-leo', label: 'Léo Marchand', profil: 'élève' }, { id: 'p-emma', label: 'Emma Petit', profil: 'élève' }, { id: 'p-verger', label: 'Anne Verger', profil: 'direction' }];
        const classes = state.role === 'ELEVE' ? [] : [{ id: A5, label: 'Classe 5A' }];
        const t = (q.q ?? '').toLowerCase();
        return json(res, 200, { personnes: people.filter((p) => p.label.toLowerCase().includes(t)), classes: classes.filter((c) => c.label.toLowerCase().includes(t)) });
      }
      case 'GET partages': return json(res, 200, { items: state.shares.filter((x) => !x.toMe && x.noeud === q.noeud) });
      case 'POST partages': {
        const b = await body();
        if (!b.destinataires?.length) return problem(res, 400, 'share-no-grantee', 'Choisissez au moins une personne, une classe ou un groupe.');
        const labels = { 'p-leo': 'Léo Marchand', 'p-emma': 'Emma Petit', 'p-verger': 'Anne Verger', 'p-dumas': 'Julien Dumas', [A5]: 'Classe 5A' };
        const made = b.destinataires.map((g) => ({ id: id(), noeud: b.noeud, type: g.type, destinataire: g.id, label: labels[g.id] ?? g.id,
          ecriture: Boolean(b.ecriture), jusqua: b.jusqua ?? null, expire: false, createdAt: now() }));
        state.shares.push(...made);
        return json(res, 201, { items: made });
      }
      case 'DELETE partages/{id}': {
        state.shares = state.shares.filter((x) => x.id !== pid);
        return json(res, 204);
      }
      default: return boxes(req, res, path, q, body);
    }
  }

  // ——— drop boxes: a teacher opens, pupils hand in (« me » as a pupil is p-0001, Camille Martin) ———
  const PUPILS = [{ id: 'p-0001', nom: 'Martin Camille' }, { id: 'p-emma', nom: 'Petit Emma' }, { id: 'p-leo', nom: 'Marchand Léo' }];
  const boxView = (b) => {
    const files = state.handins.filter((h) => h.box === b.id);
    const open = new Date(b.echeance) > new Date();
    const base = { id: b.id, classe: A5, classeLabel: 'Classe 5A', titre: b.titre, consignes: b.consignes ?? null, echeance: b.echeance, ouverte: open,
      devoir: b.devoir ? { id: b.devoir, matiere: 'Français', pour: '2026-11-20', titre: 'Rédaction' } : null, enseignant: 'Julien Dumas' };
    if (state.role === 'ENSEIGNANT') {
      const handed = new Set(files.filter((h) => h.kind === 'RENDU').map((h) => h.pupil));
      const late = new Set([...handed].filter((p) => files.filter((h) => h.pupil === p && h.kind === 'RENDU').every((h) => h.enRetard)));
      return { ...base, role: 'ENSEIGNANT', eleves: PUPILS.length, rendus: handed.size, enRetardCount: late.size,
        corriges: new Set(files.filter((h) => h.kind === 'CORRIGE').map((h) => h.pupil)).size };
    }
    const mine = files.filter((h) => h.pupil === 'p-0001' && h.kind === 'RENDU');
    return { ...base, role: 'ELEVE', rendu: mine.length > 0, enRetard: mine.length > 0 && mine.every((h) => h.enRetard),
      corrige: files.some((h) => h.pupil === 'p-0001' && h.kind === 'CORRIGE') };
  };
  const fileView = (h) => ({ id: h.id, nom: h.nom, taille: h.bytes.length, type: h.type, depose: h.at, enRetard: h.enRetard, url: `/api/v1/files/depots/${h.box}/fichiers/${h.id}` });
  const boxNotFound = [404, 'dropbox-not-found', 'Cette boîte de dépôt n\'existe pas (ou plus), ou ne vous est pas ouverte.'];

  async function boxes(req, res, path, q, body) {
    const m = /^depots(?:\/(\d+))?(?:\/(rendus|fichiers|archive|eleves)(?:\/([^/]+))?(?:\/corriges)?)?$/.exec(path);
    if (path === 'depots/classes') return json(res, 200, { items: state.role === 'ENSEIGNANT' ? [{ id: A5, label: 'Classe 5A' }] : [] });
    if (path === 'depots/devoirs') return json(res, 200, { cahier: true, items: [{ id: '7', matiere: 'Français', pour: '2026-11-20', titre: 'Rédaction' }] });
    if (!m) return problem(res, 404, 'not-found', 'Cette adresse n’existe pas.');
    const [, bid, what, sub] = m;
    if (!bid) {
      if (req.method === 'GET') return json(res, 200, { items: state.boxes.map(boxView) });
      const b = await body();
      if (!b.titre?.trim()) return problem(res, 400, 'dropbox-title', 'Donnez un titre à la boîte de dépôt (200 caractères au plus), par exemple « Rédaction : mon quartier ».');
      if (!b.echeance || new Date(b.echeance) <= new Date()) return problem(res, 400, 'dropbox-deadline-past', 'La date limite est déjà passée : choisissez une date à venir.');
      const box = { id: id(), titre: b.titre.trim(), consignes: b.consignes, echeance: b.echeance, devoir: b.devoir };
      state.boxes.push(box);
      return json(res, 201, boxView(box));
    }
    const box = state.boxes.find((b) => b.id === bid);
    if (!box) return problem(res, ...boxNotFound);
    if (!what && req.method === 'GET') {
      const files = state.handins.filter((h) => h.box === box.id);
      if (state.role === 'ENSEIGNANT') {
        return json(res, 200, { depot: boxView(box), mesRendus: null, corriges: null, eleves: PUPILS.map((p) => {
          const rendus = files.filter((h) => h.pupil === p.id && h.kind === 'RENDU').map(fileView);
          return { id: p.id, nom: p.nom, enRetard: rendus.length > 0 && rendus.every((f) => f.enRetard), rendus,
            corriges: files.filter((h) => h.pupil === p.id && h.kind === 'CORRIGE').map(fileView) };
        }) });
      }
      return json(res, 200, { depot: boxView(box), eleves: null, mesRendus: files.filter((h) => h.pupil === 'p-0001' && h.kind === 'RENDU').map(fileView),
        corriges: files.filter((h) => h.pupil === 'p-0001' && h.kind === 'CORRIGE').map(fileView) });
    }
    if (what === 'rendus' && req.method === 'POST') {
      if (state.role !== 'ELEVE') return problem(res, 403, 'dropbox-pupils-only', 'Seuls les élèves de la classe déposent dans cette boîte : vous y déposez les corrigés.');
      const bytes = await raw(req);
      const url = new URL(req.url, 'http://x');
      const h = { id: id(), box: box.id, pupil: 'p-0001', kind: 'RENDU', nom: url.searchParams.get('nom'), bytes, type: req.headers['content-type'] ?? null,
        at: now(), enRetard: new Date(box.echeance) < new Date() };
      state.handins = state.handins.filter((x) => !(x.box === box.id && x.pupil === h.pupil && x.kind === 'RENDU' && x.nom === h.nom));
      state.handins.push(h);
      return json(res, 201, fileView(h));
    }
    if (what === 'rendus' && req.method === 'DELETE') {
      state.handins = state.handins.filter((h) => h.id !== sub);
      return json(res, 204);
    }
    if (what === 'eleves' && req.method === 'POST') {
      const bytes = await raw(req);
      const url = new URL(req.url, 'http://x');
      const h = { id: id(), box: box.id, pupil: sub, kind: 'CORRIGE', nom: url.searchParams.get('nom'), bytes, type: null, at: now(), enRetard: false };
      state.handins.push(h);
      return json(res, 201, fileView(h));
    }
    if (what === 'fichiers') {
      const h = state.handins.find((x) => x.id === sub && x.box === box.id);
      if (!h) return problem(res, 404, 'file-not-found', 'Ce fichier n\'existe pas (ou plus), ou ne vous est pas ouvert.');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(h.nom)}` });
      return res.end(h.bytes);
    }
    if (what === 'archive') {
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="depot.zip"' });
      return res.end(Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]));
    }
    return problem(res, 404, 'not-found', 'Cette adresse n’existe pas.');
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
