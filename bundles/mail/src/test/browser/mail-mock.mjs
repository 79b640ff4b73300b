// A stand-in for the webmail's REST contract (bundles/mail/README.md), in memory, for trying the screen in
// Chromium without Karaf: a front server serves the built screen at /modules/mail/*, answers /api/v1/mail/*
// itself and forwards everything else to the portal's mock box (bundles/portal/src/test/browser/mock-server.mjs).
// The mock's person (a teacher) may write to the people of `contacts`; `lucie.marchand@…` is refused as the
// school's rules refuse a pupil of another class.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const DOMAIN = '0999999z.preau.invalid';
const ME = { name: 'Camille Martin', address: `camille.martin@${DOMAIN}` };
const CONTACTS = [
  { name: 'Léo Marchand', address: `leo.marchand@${DOMAIN}`, profile: 'eleve', detail: 'Élève · 5A' },
  { name: 'Julien Dumas', address: `julien.dumas@${DOMAIN}`, profile: 'enseignant', detail: 'Enseignant · 5A, 3B' },
  { name: 'Anne Verger', address: `anne.verger@${DOMAIN}`, profile: 'direction', detail: 'Direction' },
];

const LISTS = [
  { name: 'Élèves de 5A', detail: 'Liste, 2 personnes', members: [{ name: 'Léo Marchand', address: `leo.marchand@${DOMAIN}` }, { name: 'Emma Petit', address: `emma.petit@${DOMAIN}` }] },
];

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
function problem(res, status, code, title) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `urn:preau:problem:${code}`, code, title, status }));
}
async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}
const addressOf = (typed) => (/<([^>]+)>\s*$/.exec(typed)?.[1] ?? typed).trim().toLowerCase();

export function createMailMock({ uiDir, upstream }) {
  const now = Date.now();
  const message = (uid, from, subject, text, extra = {}) => ({ uid, from, to: [ME], cc: [], subject, text, html: '', size: 1200 + uid * 10,
    date: new Date(now - uid * 3_600_000).toISOString(), seen: false, flagged: false, attachments: [], messageId: `<m${uid}@x>`, ...extra });
  const fresh = () => ({
    seq: 100,
    uploads: new Map(),
    sent: [],
    folders: {
      INBOX: [
        message(1, { name: 'Julien Dumas', address: `julien.dumas@${DOMAIN}` }, 'Conseil de classe de la 5A', 'Bonjour,\n\nLe conseil de classe aura lieu jeudi à 17 h.\n\nJulien',
          { attachments: [{ index: 0, name: 'ordre-du-jour.pdf', type: 'application/pdf', size: 52_000 }] }),
        message(2, { name: 'Anne Verger', address: `anne.verger@${DOMAIN}` }, 'Sortie au musée', '', { html: '<p>Bonjour à toutes et à tous,</p><p>La sortie au <b>musée</b> est confirmée.</p>', seen: true,
          remoteImages: 1, imagesHtml: '<p>Bonjour à toutes et à tous,</p><p>\u27E6image:0\u27E7</p><p>La sortie au <b>musée</b> est confirmée.</p>' }),
        ...Array.from({ length: 28 }, (_, i) => message(10 + i, { name: 'Léo Marchand', address: `leo.marchand@${DOMAIN}` }, `Question n° ${i + 1}`, 'Bonjour, une question sur l’exercice.', { seen: true })),
      ],
      Drafts: [],
      Sent: [],
      Trash: [],
    },
    // pupils' messages waiting for the teacher's approval (« À valider »)
    held: [
      { id: 'h1', from: { name: 'Léo Marchand', address: `leo.marchand@${DOMAIN}` }, to: [ME.address], subject: 'Mon exposé sur les volcans',
        date: new Date(now - 600_000).toISOString(), preview: 'Bonjour, voici mon exposé. J’ai trouvé des photos du Vésuve.',
        attachments: [{ index: 0, name: 'volcans.pdf', type: 'application/pdf', size: 80_000 }], size: 90_000 },
      { id: 'h2', from: { name: 'Emma Petit', address: `emma.petit@${DOMAIN}` }, to: [`leo.marchand@${DOMAIN}`], subject: 'Coucou',
        date: new Date(now - 300_000).toISOString(), preview: 'Tu viens jouer ?', attachments: [], size: 900 },
    ],
    decisions: [],
  });
  const state = fresh();
  const labels = { INBOX: 'Boîte de réception', Drafts: 'Brouillons', Sent: 'Envoyés', Trash: 'Corbeille' };
  const roles = { INBOX: 'inbox', Drafts: 'drafts', Sent: 'sent', Trash: 'trash' };
  const summary = (m) => ({ uid: m.uid, from: m.from, to: m.to, subject: m.subject, date: m.date, size: m.size, seen: m.seen, flagged: m.flagged, attachments: m.attachments.length > 0 });

  async function api(req, res, path, url) {
    const q = Object.fromEntries(url.searchParams);
    let m;
    if (req.method === 'GET' && path === 'folders') {
      return json(res, 200, { address: ME.address, unread: state.folders.INBOX.filter((x) => !x.seen).length, toValidate: state.held.length, pending: 0,
        items: Object.keys(state.folders).map((id) => ({ id, label: labels[id], role: roles[id], total: state.folders[id].length, unread: state.folders[id].filter((x) => !x.seen).length })) });
    }
    if (req.method === 'GET' && path === 'moderation') return json(res, 200, { items: state.held });
    if (req.method === 'POST' && (m = /^moderation\/([^/]+)\/(approve|refuse)$/.exec(path))) {
      const held = state.held.find((x) => x.id === m[1]);
      if (!held) return problem(res, 404, 'unknown-pending-message', 'Ce message n’attend plus de validation : il a peut-être déjà été accepté ou refusé. Rechargez la liste.');
      const input = JSON.parse((await body(req)).toString('utf8') || '{}');
      state.held = state.held.filter((x) => x !== held);
      state.decisions.push({ id: held.id, decision: m[2], reason: input.reason ?? null });
      return m[2] === 'approve' ? json(res, 200, { recipients: held.to.length }) : json(res, 204);
    }
    if (req.method === 'GET' && path === 'quota') return json(res, 200, { used: 12 * 1048576, limit: 200 * 1048576 });
    if (req.method === 'GET' && (m = /^folders\/([^/]+)\/messages$/.exec(path))) {
      const list = state.folders[decodeURIComponent(m[1])];
      if (!list) return problem(res, 404, 'unknown-folder', 'Ce dossier n’existe pas (ou plus) dans votre messagerie.');
      const offset = Number(q.offset ?? 0); const limit = Number(q.limit ?? 25);
      if (q.q !== undefined && (q.q.trim() === '' || q.q.length > 200)) return problem(res, 400, 'invalid-query', 'Tapez entre 1 et 200 caractères à chercher.');
      const found = q.q === undefined ? list : list.filter((x) => `${x.subject} ${x.from.name} ${x.from.address} ${x.text ?? ''}`.toLowerCase().includes(q.q.trim().toLowerCase()));
      const sorted = [...found].sort((a, b) => b.date.localeCompare(a.date));
      return json(res, 200, { folder: m[1], total: found.length, offset, limit, items: sorted.slice(offset, offset + limit).map(summary) });
    }
    const one = /^folders\/([^/]+)\/messages\/(\d+)(\/.*)?$/.exec(path);
    if (one) {
      const folder = decodeURIComponent(one[1]);
      const list = state.folders[folder] ?? [];
      const msg = list.find((x) => x.uid === Number(one[2]));
      if (!msg) return problem(res, 404, 'unknown-message', 'Ce message n’existe plus dans ce dossier.');
      const rest = one[3] ?? '';
      if (req.method === 'GET' && rest === '') {
        msg.seen = true;
        const { imagesHtml, ...shown } = msg;
        if (q.images === 'remote' && imagesHtml) return json(res, 200, { ...shown, folder, html: imagesHtml, images: [{ index: 0, alt: 'Affiche de la sortie' }] });
        return json(res, 200, { ...shown, folder, images: null });
      }
      if (req.method === 'GET' && rest.startsWith('/images/')) {
        state.imagesFetched = (state.imagesFetched ?? 0) + 1;
        res.writeHead(200, { 'Content-Type': 'image/png' });
        // a 1×1 transparent PNG
        return res.end(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'));
      }
      if (req.method === 'PUT' && rest === '/seen') { msg.seen = JSON.parse((await body(req)).toString()).seen; return json(res, 204); }
      if (req.method === 'PUT' && rest === '/flagged') { msg.flagged = JSON.parse((await body(req)).toString()).flagged; return json(res, 204); }
      if (req.method === 'POST' && rest === '/move') {
        const to = JSON.parse((await body(req)).toString() || '{}').to;
        if (!state.folders[to]) return problem(res, 404, 'unknown-folder', 'Ce dossier n’existe pas (ou plus) dans votre messagerie.');
        if (to === folder) return problem(res, 400, 'same-folder', 'Le message est déjà dans ce dossier : choisissez-en un autre.');
        state.folders[folder] = list.filter((x) => x !== msg);
        state.folders[to].push(msg);
        return json(res, 204);
      }
      if (req.method === 'DELETE' && rest === '') {
        state.folders[folder] = list.filter((x) => x !== msg);
        if (folder !== 'Trash') { state.folders.Trash.push(msg); return json(res, 200, { trashed: true }); }
        return json(res, 200, { trashed: false });
      }
      if (req.method === 'GET' && rest === '/reply') {
        const quoted = `\n\nLe jeudi, ${msg.from.name} a écrit :\n${(msg.text || 'La sortie au musée est confirmée.').split('\n').map((l) => `> ${l}`).join('\n')}\n`;
        return json(res, 200, { to: [`${msg.from.name} <${msg.from.address}>`], cc: q.all === 'true' ? [] : [], subject: `Re: ${msg.subject}`, text: quoted, inReplyTo: msg.messageId });
      }
      if (req.method === 'GET' && rest === '/forward') {
        return json(res, 200, { to: [], cc: [], subject: `Tr: ${msg.subject}`, text: `\n\n-------- Message transféré --------\n${msg.text}`, inReplyTo: null });
      }
      if (req.method === 'GET' && rest.startsWith('/attachments/')) {
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="ordre-du-jour.pdf"' });
        return res.end('%PDF-1.4\n%%EOF\n');
      }
    }
    if (req.method === 'GET' && path === 'contacts') {
      const words = (q.q ?? '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/\s+/).filter(Boolean);
      const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
      const lists = words.length === 0 ? [] : LISTS.filter((l) => words.every((w) => fold(l.name).includes(w)));
      return json(res, 200, { items: CONTACTS.filter((c) => words.every((w) => fold(`${c.name} ${c.address}`).includes(w))), lists });
    }
    if (req.method === 'POST' && path === 'uploads') {
      const data = await body(req);
      const id = String(++state.seq).padStart(32, '0');
      const up = { id, name: q.nom ?? 'piece-jointe', type: req.headers['content-type'] ?? 'application/octet-stream', size: data.length };
      state.uploads.set(id, up);
      return json(res, 201, up);
    }
    if (req.method === 'POST' && path === 'drafts') {
      const b = JSON.parse((await body(req)).toString() || '{}');
      const old = b.draft === undefined ? undefined : state.folders.Drafts.find((x) => x.uid === b.draft);
      if (b.draft !== undefined && !old) return problem(res, 404, 'unknown-message', 'Ce message n’existe plus dans ce dossier.');
      const kept = (old?.attachments ?? []).filter((p) => (b.draftAttachments ?? []).includes(p.index));
      const parts = [...kept, ...(b.attachments ?? []).map((id) => state.uploads.get(id))].map((p, index) => ({ ...p, index }));
      const d = { ...message(++state.seq, ME, b.subject ?? '', '', { html: b.html ?? '', seen: true }), to: (b.to ?? []).map((t) => ({ name: '', address: addressOf(t) })),
        typed: { to: b.to ?? [], cc: b.cc ?? [] }, date: new Date().toISOString(), attachments: parts };
      state.folders.Drafts = state.folders.Drafts.filter((x) => x !== old);
      state.folders.Drafts.push(d);
      return json(res, 201, { folder: 'Drafts', uid: d.uid, attachments: parts });
    }
    if (req.method === 'GET' && (m = /^drafts\/(\d+)$/.exec(path))) {
      const d = state.folders.Drafts.find((x) => x.uid === Number(m[1]));
      if (!d) return problem(res, 404, 'unknown-message', 'Ce message n’existe plus dans ce dossier.');
      return json(res, 200, { uid: d.uid, to: d.typed.to, cc: d.typed.cc, subject: d.subject, text: '', html: d.html, attachments: d.attachments });
    }
    if (req.method === 'POST' && path === 'messages') {
      const b = JSON.parse((await body(req)).toString() || '{}');
      const all = [...(b.to ?? []), ...(b.cc ?? [])];
      if (all.length === 0) return problem(res, 400, 'no-recipient', 'Indiquez au moins un destinataire.');
      for (const t of all) {
        const a = addressOf(t);
        if (a.startsWith('lucie.marchand@')) {
          return problem(res, 403, 'recipient-forbidden', `Vous ne pouvez pas écrire à ${a} : les règles de communication de l’établissement ne le permettent pas. Retirez ce destinataire pour envoyer le message.`);
        }
      }
      for (const id of b.attachments ?? []) if (!state.uploads.has(id)) return problem(res, 404, 'unknown-upload', 'Cette pièce jointe n’est plus disponible.');
      const sent = { ...message(++state.seq, ME, b.subject || '(sans objet)', b.text ?? '', { html: b.html ?? '', seen: true }), to: all.map((t) => ({ name: '', address: addressOf(t) })),
        date: new Date().toISOString(), attachments: (b.attachments ?? []).map((id, index) => ({ index, ...state.uploads.get(id) })) };
      state.folders.Sent.push(sent);
      state.sent.push(b);
      if (b.draft !== undefined) state.folders.Drafts = state.folders.Drafts.filter((x) => x.uid !== b.draft);
      return json(res, 201, { recipients: all.length, folder: 'Sent' });
    }
    return problem(res, 404, 'not-found', 'Cette adresse n’existe pas.');
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname.startsWith('/api/v1/mail/')) return await api(req, res, url.pathname.slice('/api/v1/mail/'.length), url);
      if (url.pathname.startsWith('/modules/mail/')) {
        const file = normalize(join(uiDir, url.pathname.slice('/modules/mail/'.length)));
        if (!file.startsWith(normalize(uiDir))) { res.writeHead(403); return res.end(); }
        const data = await readFile(file);
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
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
    /** Back to the first mailbox (every test starts from it). */
    reset() { Object.assign(state, fresh()); },
    async listen() {
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${server.address().port}`;
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
