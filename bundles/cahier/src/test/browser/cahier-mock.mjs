// A stand-in for the cahier's REST contract (bundles/cahier/README.md), in memory, for trying the
// screen in Chromium without Karaf: a front server serves the built screen at /modules/cahier/*,
// answers /api/v1/cahier/* itself and forwards everything else to the portal's mock box
// (bundles/portal/src/test/browser/mock-server.mjs). `state.role` chooses whom /context describes.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const UAI = '0999999Z';
const D5A = { id: `${UAI}:CLASSE:5A`, label: '5A', kind: 'CLASSE' };
const D3B = { id: `${UAI}:CLASSE:3B`, label: '3B', kind: 'CLASSE' };
const DESP = { id: `${UAI}:GROUPE:5-LV2-ESP`, label: '5-LV2-ESP', kind: 'GROUPE' };
const KINDS = [['MAISON', 'Travail à la maison'], ['SUR_TABLE', 'Devoir sur table / contrôle'], ['EXPOSE', 'Exposé'], ['ORAL', 'Oral'],
  ['LECTURE', 'Lecture'], ['RECHERCHE', 'Recherche'], ['AUTRE', 'Autre']].map(([code, label]) => ({ code, label }));
const MATIERES = { MATHS: 'Mathématiques', ESP: 'Espagnol LV2' };

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

export function createCahierMock({ uiDir, upstream }) {
  const state = { role: 'ENSEIGNANT', seances: [], devoirs: [], visas: [], done: new Set(), agenda: null, max: 3, seq: 100 };
  const id = () => String(++state.seq);
  const lockedAt = (classeId, date) => state.visas.some((v) => v.classeId === classeId && v.until >= date);
  const divisionOf = (cid) => [D5A, D3B, DESP].find((d) => d.id === cid);
  const devoirView = (d) => ({ ...d, kindLabel: KINDS.find((k) => k.code === d.kind)?.label ?? d.kind, mine: state.role === 'ENSEIGNANT',
    done: state.role === 'ELEVE' ? state.done.has(d.id) : null, locked: lockedAt(d.classeId, d.pour), editable: state.role === 'ENSEIGNANT' && !lockedAt(d.classeId, d.pour) });
  const seanceView = (s) => {
    const visa = state.visas.find((v) => v.classeId === s.classeId && v.until >= s.date) ?? null;
    return { ...s, devoirs: state.devoirs.filter((d) => d.seanceId === s.id).map(devoirView), mine: state.role === 'ENSEIGNANT',
      visa: visa && { until: visa.until, by: visa.by, at: visa.at }, locked: Boolean(visa), editable: state.role === 'ENSEIGNANT' && !visa };
  };
  const context = () => {
    const teacher = state.role === 'ENSEIGNANT';
    return {
      profiles: [state.role],
      teachings: teacher ? [{ classe: D5A, matiere: { code: 'MATHS', label: MATIERES.MATHS } }, { classe: DESP, matiere: { code: 'ESP', label: MATIERES.ESP } }] : [],
      divisions: state.role === 'DIRECTION' ? [D5A, D3B, DESP] : teacher ? [D5A, DESP] : [D5A],
      children: state.role === 'PARENT' ? [{ id: 'leo', displayName: 'Léo Marchand' }] : [],
      schoolYear: { start: '2026-09-01', end: '2027-07-04' }, maxDevoirsParJour: state.max,
      canWrite: teacher, canVisa: state.role === 'DIRECTION', canConfigure: state.role === 'DIRECTION', kinds: KINDS, slots: false,
    };
  };
  const saveSeance = (b, existing) => {
    if (!b.titre || !b.date || !b.debut || !b.fin) return { error: [400, 'invalid-seance', 'Il manque le titre, la date ou l’horaire de la séance.'] };
    const div = divisionOf(b.classe);
    if (!div) return { error: [400, 'unknown-classe', `La classe « ${b.classe} » est inconnue.`] };
    const s = existing ?? { id: id(), author: 'Camille Martin', authorId: 'p-0001', pieces: [], amendements: [] };
    Object.assign(s, { kind: b.kind ?? 'SEANCE', classe: div.label, classeId: div.id, matiere: MATIERES[b.matiere] ?? b.matiere, matiereCode: b.matiere,
      date: b.date, debut: b.debut, fin: b.fin, titre: b.titre, contenu: b.contenu ?? '', liens: b.liens ?? [], publishAt: b.publishAt ?? null,
      published: !b.publishAt || new Date(b.publishAt) <= new Date() });
    const keep = new Set();
    for (const d of b.devoirs ?? []) {
      let dv = d.id && state.devoirs.find((x) => x.id === d.id);
      if (!dv) { dv = { id: id(), seanceId: s.id, author: s.author, authorId: s.authorId, amendements: [] }; state.devoirs.push(dv); }
      Object.assign(dv, { classe: s.classe, classeId: s.classeId, matiere: s.matiere, matiereCode: s.matiereCode, pour: d.pour, kind: d.kind,
        instructions: d.instructions, minutes: d.minutes ?? null, rendu: Boolean(d.rendu), publishAt: d.publishAt ?? null, published: s.published });
      keep.add(dv.id);
    }
    state.devoirs = state.devoirs.filter((d) => d.seanceId !== s.id || keep.has(d.id));
    if (!existing) state.seances.push(s);
    return { seance: s };
  };

  async function api(req, res, path, url) {
    const q = Object.fromEntries(url.searchParams);
    const inRange = (date) => (!q.from || date >= q.from) && (!q.to || date <= q.to);
    const key = `${req.method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    const pid = /\/(\d+)/.exec(path)?.[1];
    const readBody = async () => JSON.parse((await body(req)).toString() || '{}');
    switch (key) {
      case 'GET context': return json(res, 200, context());
      case 'GET seances': {
        const items = state.seances.filter((s) => inRange(s.date) && (!q.classe || s.classeId === q.classe)).map(seanceView)
          .sort((a, b) => a.date.localeCompare(b.date) || a.debut.localeCompare(b.debut));
        return json(res, 200, { items });
      }
      case 'POST seances': {
        const r = saveSeance(await readBody(), null);
        return r.error ? problem(res, ...r.error) : json(res, 201, seanceView(r.seance));
      }
      case 'GET seances/{id}': case 'PUT seances/{id}': case 'DELETE seances/{id}': {
        const s = state.seances.find((x) => x.id === pid);
        if (!s) return problem(res, 404, 'not-found', 'Cette séance n’existe pas ou plus.');
        if (req.method === 'GET') return json(res, 200, seanceView(s));
        if (lockedAt(s.classeId, s.date)) return problem(res, 409, 'visa-locked', 'Cette séance a reçu le visa de la direction : ajoutez un rectificatif.');
        if (req.method === 'DELETE') { state.seances = state.seances.filter((x) => x !== s); return json(res, 204); }
        const r = saveSeance(await readBody(), s);
        return r.error ? problem(res, ...r.error) : json(res, 200, seanceView(r.seance));
      }
      case 'POST seances/{id}/copie': {
        const s = state.seances.find((x) => x.id === pid);
        const b = await readBody();
        const r = saveSeance({ ...s, classe: b.classe, matiere: s.matiereCode, date: b.date, debut: b.debut, fin: b.fin, devoirs: [] }, null);
        return r.error ? problem(res, ...r.error) : json(res, 201, seanceView(r.seance));
      }
      case 'POST seances/{id}/amendements': case 'POST devoirs/{id}/amendements': {
        const list = path.startsWith('seances') ? state.seances : state.devoirs;
        const x = list.find((e) => e.id === pid);
        const a = { at: new Date().toISOString(), author: 'Camille Martin', texte: (await readBody()).texte };
        x.amendements.push(a);
        return json(res, 201, a);
      }
      case 'POST seances/{id}/pieces': {
        const raw = await body(req);
        const name = q.nom || 'fichier';
        const p = { id: id(), name, size: raw.length, type: req.headers['content-type'] ?? 'application/octet-stream', url: `/api/v1/cahier/pieces/${state.seq}` };
        state.seances.find((x) => x.id === pid)?.pieces.push(p);
        return json(res, 201, p);
      }
      case 'POST progression/copie': return json(res, 200, { count: 0 });
      case 'GET devoirs': return json(res, 200, { items: state.devoirs.filter((d) => inRange(d.pour) && (!q.classe || d.classeId === q.classe)).map(devoirView).sort((a, b) => a.pour.localeCompare(b.pour)) });
      case 'GET devoirs/{id}': {
        const d = state.devoirs.find((x) => x.id === pid);
        return d ? json(res, 200, devoirView(d)) : problem(res, 404, 'not-found', 'Ce devoir n’existe pas ou plus.');
      }
      case 'PUT devoirs/{id}/fait': {
        const b = await readBody();
        if (b.done) state.done.add(pid); else state.done.delete(pid);
        return json(res, 200, devoirView(state.devoirs.find((d) => d.id === pid)));
      }
      case 'GET charge': {
        const days = [];
        for (const d of state.devoirs.filter((x) => x.classeId === q.classe && inRange(x.pour))) {
          let day = days.find((x) => x.date === d.pour);
          if (!day) { day = { date: d.pour, count: 0, surTable: 0, devoirs: [], warnings: [] }; days.push(day); }
          day.count += 1; if (d.kind === 'SUR_TABLE') day.surTable += 1;
          day.devoirs.push(devoirView(d));
        }
        for (const day of days) {
          if (day.surTable) day.warnings.push('Un devoir sur table est déjà prévu ce jour-là pour cette classe.');
          if (day.count >= state.max) day.warnings.push(`La classe a déjà ${day.count} devoirs ce jour-là (${state.max} au plus conseillés).`);
        }
        return json(res, 200, { max: state.max, days });
      }
      case 'GET rattrapage': return json(res, 200, { seances: state.seances.filter((s) => inRange(s.date)).map(seanceView), devoirs: state.devoirs.filter((d) => inRange(d.pour)).map(devoirView) });
      case 'GET visas': return json(res, 200, { items: state.visas.filter((v) => v.classeId === q.classe).slice().reverse() });
      case 'POST visas': {
        const b = await readBody();
        state.visas.push({ classeId: b.classe, until: b.until, by: 'Anne Verger', at: new Date().toISOString() });
        return json(res, 201, {});
      }
      case 'GET agenda': return state.agenda ? json(res, 200, { url: state.agenda }) : problem(res, 404, 'not-found', 'Pas d’adresse d’agenda.');
      case 'POST agenda': state.agenda = `http://127.0.0.1/api/v1/cahier/agenda/${Math.random().toString(36).slice(2)}.ics`; return json(res, 200, { url: state.agenda });
      case 'DELETE agenda': state.agenda = null; return json(res, 204);
      case 'GET creneaux': return json(res, 200, { items: [{ debut: '08:30', fin: '09:25', label: 'M1' }, { debut: '09:30', fin: '10:25', label: 'M2' }] });
      case 'GET reglages': return json(res, 200, { maxDevoirsParJour: state.max });
      case 'PUT reglages': state.max = (await readBody()).maxDevoirsParJour; return json(res, 200, { maxDevoirsParJour: state.max });
      case 'GET export': res.writeHead(200, { 'Content-Type': 'application/pdf' }); return res.end('%PDF-1.4\n%%EOF\n');
      default: return problem(res, 404, 'not-found', 'Cette adresse n’existe pas.');
    }
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname.startsWith('/api/v1/cahier/')) return await api(req, res, url.pathname.slice('/api/v1/cahier/'.length), url);
      if (url.pathname.startsWith('/modules/cahier/')) {
        const file = normalize(join(uiDir, url.pathname.slice('/modules/cahier/'.length)));
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
