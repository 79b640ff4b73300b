// A tiny stand-in for the box: serves the built UI and fakes the REST contract the portal uses.
// Only for trying the UI and running portal.spec.mjs without Karaf. Listens on 127.0.0.1 only.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.webmanifest': 'application/manifest+json' };
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export const MOCK_LOGIN = 'camille.martin';
export const MOCK_PASSWORD = 'Une phrase de passe assez longue';
export const MOCK_SCHOOL = 'Collège Jean Moulin';
/** The referent (same password): opens the console's component showcase. */
export const MOCK_REFERENT = 'referent';

const PERSON = {
  id: 'p-0001', login: MOCK_LOGIN, displayName: 'Camille Martin', profiles: ['ENSEIGNANT'],
  school: { uai: '0999999Z', name: MOCK_SCHOOL },
};
const REFERENT = { ...PERSON, id: 'p-0002', login: MOCK_REFERENT, displayName: 'Référent numérique', profiles: ['REFERENT'] };
const MODULES = [
  { id: 'cahier', name: 'Cahier de textes', description: 'Séances, devoirs et ressources de vos classes.', icon: 'notebook-pen', entryPoint: '/modules/cahier/index.js', order: 10 },
  { id: 'messagerie', name: 'Messagerie', description: "Écrire aux élèves, aux familles et à l'équipe.", icon: 'mail', entryPoint: '/modules/messagerie/index.js', order: 20 },
  { id: 'documents', name: 'Mes documents', description: 'Vos fichiers, partagés avec vos classes.', icon: 'folder', entryPoint: '/modules/documents/index.js', order: 30 },
];
const DEMO_MODULE = `export function mount(el, ctx) {
  const { h, button, alert } = ctx.kit;
  el.append(h('p', {}, 'Bonjour ' + ctx.person.displayName + ', ce service de démonstration est monté par le portail.'),
    button('Revenir à l’accueil', { variant: 'secondary', onClick: () => ctx.navigate('#/') }));
  return () => {};
}`;

function problem(res, status, code, title) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `urn:preau:problem:${code}`, title, status }));
}
function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
async function readJson(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  try { return JSON.parse(data || '{}'); } catch { return null; }
}

/** options: { uiDir, modules (array, mutable), setupRequired } */
export function createMockServer({ uiDir, modules = MODULES.slice(), setupRequired = false }) {
  const sessions = new Map(); // sid -> csrf
  const now = Date.now();
  const state = {
    modules, setupRequired,
    favourites: [],
    read: new Set(),
    prefs: null,
    avatar: null, // { bytes, version }
    ldap: {
      url: '', startTls: false, bindDn: '', baseDn: '', structureBase: '', structureFilter: '(objectClass=ENTEtablissement)', subjectBase: '',
      subjectFilter: '', mefBase: '', mefFilter: '', personnelBase: '', personnelFilter: '(|(objectClass=ENTAuxEnseignant)(objectClass=ENTAuxNonEnsEtab))',
      responsableBase: '', responsableFilter: '(&(objectClass=ENTPerson)(objectClass=ENTAuxPersRelEleve))', eleveBase: '',
      eleveFilter: '(objectClass=ENTEleve)', attributeMapping: '', pageSize: 500, intervalMinutes: 0, connectTimeoutSeconds: 10,
      readTimeoutSeconds: 60, passwordSet: false,
    },
    news: [
      { key: 'a'.repeat(64), id: 'n1', module: 'cahier', title: 'Nouveau devoir de mathématiques pour jeudi (4A)', url: '/modules/cahier/#devoirs', at: new Date(now - 20 * 60_000).toISOString() },
      { key: 'b'.repeat(64), id: 'n2', module: 'messagerie', title: 'Message de M. Bernard : sortie au musée', url: '/modules/messagerie/', at: new Date(now - 26 * 3_600_000).toISOString() },
    ],
  };
  const newsList = () => {
    const items = state.news.filter((n) => state.modules.some((m) => m.id === n.module)).map((n) => ({ ...n, unread: !state.read.has(n.key) }));
    return { items, unread: items.filter((n) => n.unread).length };
  };
  const sessionOf = (req) => {
    const m = /(?:^|;\s*)PREAU_SESSION=([^;]+)/.exec(req.headers.cookie ?? '');
    return m && sessions.has(m[1]) ? m[1] : null;
  };
  const referents = new Set(); // sids of referent sessions
  const signedIn = (sid) => ({ person: referents.has(sid) ? REFERENT : PERSON, csrfToken: sessions.get(sid) });

  async function api(req, res, path) {
    const sid = sessionOf(req);
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    const publicPaths = ['auth/login', 'auth/activate', 'setup', 'auth/policy', 'health', 'me', 'auth/session', 'schools/logos'];
    if (!publicPaths.includes(path) && !sid) return problem(res, 401, 'not-authenticated', "Vous n'êtes pas connecté ou votre session a expiré. Connectez-vous pour continuer.");
    if (write && sid && !['auth/login', 'auth/activate', 'setup'].includes(path) && req.headers['x-csrf-token'] !== sessions.get(sid)) {
      return problem(res, 403, 'csrf', 'Cette page a expiré. Rechargez-la puis recommencez.');
    }
    const url = new URL(req.url, 'http://x');
    switch (`${req.method} ${path}`) {
      case 'GET health': return json(res, 200, { status: 'UP' });
      case 'GET setup': return json(res, 200, { required: state.setupRequired });
      case 'GET admin/schools':
        if (!referents.has(sid)) return problem(res, 403, 'forbidden', "Vous n'avez pas accès à cette page.");
        return json(res, 200, [{ uai: '0999999Z', name: MOCK_SCHOOL }]);
      // the LDAP sync section of the console's imports tab (never configured here; nothing is imported)
      case 'GET admin/imports':
      case 'GET admin/ldap':
      case 'GET admin/ldap/settings':
      case 'PUT admin/ldap/settings':
      case 'POST admin/ldap/test': {
        if (!referents.has(sid)) return problem(res, 403, 'forbidden', "Vous n'avez pas accès à cette page.");
        if (path === 'admin/imports') return json(res, 200, []);
        if (path === 'admin/ldap') return json(res, 200, { configured: !!state.ldap.url, last: null });
        const { passwordSet, ...stored } = state.ldap;
        if (req.method === 'GET') return json(res, 200, { ...stored, passwordSet });
        const b = { ...stored, ...(await readJson(req)) };
        if (b.url && !/^ldaps?:\/\//i.test(b.url)) {
          return problem(res, 400, 'ldap-settings-invalid', `Adresse du serveur LDAP invalide « ${b.url} » : elle doit commencer par ldap:// ou ldaps://.`);
        }
        if (req.method === 'POST') {
          if (!b.url) return json(res, 200, { ok: false, message: "La synchronisation LDAP n'est pas configurée : indiquez l'adresse du serveur (ldap://… ou ldaps://…).", structures: 0, people: 0 });
          return json(res, 200, { ok: false, message: `Serveur injoignable : ${b.url} (connexion refusée).`, structures: 0, people: 0 });
        }
        const { password, ...values } = b;
        state.ldap = { ...values, passwordSet: password === undefined ? passwordSet : password !== '' };
        const { passwordSet: set, ...saved } = state.ldap;
        return json(res, 200, { ...saved, passwordSet: set });
      }
      case 'POST setup': {
        const b = await readJson(req);
        if (!b?.token || b.token !== 'MISE-EN-SERVICE') return problem(res, 400, 'invalid-setup-token', 'Ce code de mise en service ne correspond pas à celui affiché sur la console du boîtier.');
        state.setupRequired = false;
        return json(res, 201, undefined);
      }
      case 'GET auth/policy': return json(res, 200, { policy: 'Au moins 12 caractères. Une phrase de plusieurs mots est idéale.' });
      case 'POST auth/login':
      case 'POST auth/activate': {
        const b = await readJson(req);
        const ok = path === 'auth/login'
          ? (b?.login === MOCK_LOGIN || b?.login === MOCK_REFERENT) && b?.password === MOCK_PASSWORD
          : b?.login === MOCK_LOGIN && b?.code === 'ABCD-1234' && (b?.newPassword ?? '').length >= 12;
        if (!ok) return problem(res, 401, 'invalid-credentials', 'Identifiant ou mot de passe incorrect. Vérifiez-les puis réessayez.');
        const newSid = randomUUID();
        sessions.set(newSid, randomUUID());
        if (b.login === MOCK_REFERENT) referents.add(newSid);
        return json(res, 200, signedIn(newSid), { 'Set-Cookie': `PREAU_SESSION=${newSid}; Path=/; HttpOnly; SameSite=Lax` });
      }
      case 'GET auth/session': return json(res, 200, sid ? { signedIn: true, ...signedIn(sid) } : { signedIn: false });
      case 'GET schools/logos': return json(res, 200, { items: [] });
      case 'POST views': return json(res, 204, undefined);
      case 'GET me':
        if (!sid) return problem(res, 401, 'not-authenticated', "Vous n'êtes pas connecté.");
        return json(res, 200, signedIn(sid));
      case 'POST auth/logout':
        if (sid) sessions.delete(sid);
        res.writeHead(204, { 'Set-Cookie': 'PREAU_SESSION=; Path=/; Max-Age=0' });
        return res.end();
      case 'POST auth/password': {
        const b = await readJson(req);
        if (b?.currentPassword !== MOCK_PASSWORD) return problem(res, 400, 'invalid-credentials', 'Le mot de passe actuel est incorrect.');
        return json(res, 204, undefined);
      }
      case 'GET catalogue': return json(res, 200, { items: state.modules });
      case 'GET notifications': {
        const all = newsList();
        const limit = Number(url.searchParams.get('limit') ?? 20);
        return json(res, 200, { items: all.items.slice(0, limit), unread: all.unread });
      }
      case 'POST notifications/read':
        for (const n of newsList().items) state.read.add(n.key);
        return json(res, 204, undefined);
      case 'GET favourites': return json(res, 200, { items: state.favourites.filter((id) => state.modules.some((m) => m.id === id)) });
      case 'GET me/preferences': return json(res, 200, state.prefs ? { ...state.prefs, saved: true } : { contrast: false, large: false, saved: false });
      case 'PUT me/preferences': {
        const b = await readJson(req);
        if (typeof b?.contrast !== 'boolean' || typeof b?.large !== 'boolean') return problem(res, 400, 'missing-field', "Indiquez vos choix d'affichage (contraste et taille du texte).");
        state.prefs = { contrast: b.contrast, large: b.large };
        return json(res, 200, { ...state.prefs, saved: true });
      }
      case 'GET me/profile': return json(res, 200, {
        id: PERSON.id, login: PERSON.login, displayName: PERSON.displayName, firstName: 'Camille', lastName: 'Martin',
        profiles: [{ code: 'ENSEIGNANT', label: 'Enseignant' }], school: PERSON.school, mail: 'camille.martin@0999999z.preau.invalid',
        classes: ['4A', '3B'], groups: ['4-LV2-ESP'], teachings: [{ division: '4A', subject: 'Mathématiques' }, { division: '3B', subject: 'Mathématiques' }],
        children: [], avatar: state.avatar ? `/api/v1/avatars/${PERSON.id}?v=${state.avatar.version}` : null,
      });
      case 'PUT avatars/me': {
        const chunks = [];
        let size = 0;
        for await (const c of req) { size += c.length; if (size > 1_048_576) return problem(res, 413, 'avatar-too-large', 'Cette photo est trop lourde : 1 Mo au maximum. Choisissez une image plus petite ou réduisez-la.'); chunks.push(c); }
        const bytes = Buffer.concat(chunks);
        if (!(bytes[0] === 0x89 && bytes[1] === 0x50) && !(bytes[0] === 0xff && bytes[1] === 0xd8)) return problem(res, 415, 'avatar-unreadable', 'Cette image ne peut pas être utilisée. Choisissez une photo au format PNG ou JPEG.');
        state.avatar = { bytes, version: Date.now() };
        return json(res, 200, { avatar: `/api/v1/avatars/${PERSON.id}?v=${state.avatar.version}` });
      }
      case 'DELETE avatars/me': state.avatar = null; return json(res, 204, undefined);
      case 'GET search': {
        const q = (url.searchParams.get('q') ?? '').trim();
        if (!q || q.length > 200) return problem(res, 400, 'invalid-query', 'Saisissez entre 1 et 200 caractères pour chercher.');
        return json(res, 200, { items: [
          { module: 'cahier', moduleName: 'Cahier de textes', title: `Séance de mathématiques : ${q}`, snippet: 'Exercices 3 à 5 page 42.', url: '/modules/cahier/#s1', score: 2.1 },
        ] });
      }
      case 'GET search/annuaire/p-dumas':
        return json(res, 200, { id: 'p-dumas', displayName: 'Julien Dumas', type: 'enseignant', profiles: ['Enseignant'], classes: ['4A', '5A'], matieres: ['Mathématiques'] });
      default: {
        if (path.startsWith('search/annuaire/')) return problem(res, 404, 'not-found', "Cette personne n'est pas dans votre annuaire.");
        let m = /^notifications\/([0-9a-f]{64})\/read$/.exec(path);
        if (m && req.method === 'POST') {
          if (!newsList().items.some((n) => n.key === m[1])) return problem(res, 404, 'unknown-notification', "Cette nouveauté n'est plus disponible.");
          state.read.add(m[1]);
          return json(res, 204, undefined);
        }
        m = /^favourites\/([a-z][a-z0-9-]{0,31})$/.exec(path);
        if (m && req.method === 'PUT') {
          if (!state.modules.some((x) => x.id === m[1])) return problem(res, 404, 'unknown-module', "Ce service n'est pas disponible pour vous.");
          if (!state.favourites.includes(m[1])) state.favourites.push(m[1]);
          return json(res, 204, undefined);
        }
        if (m && req.method === 'DELETE') {
          state.favourites = state.favourites.filter((id) => id !== m[1]);
          return json(res, 204, undefined);
        }
        m = /^avatars\/([A-Za-z0-9_-]+)$/.exec(path);
        if (m && req.method === 'GET' && m[1] === PERSON.id && state.avatar) {
          res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=31536000' });
          return res.end(state.avatar.bytes);
        }
        return problem(res, 404, 'not-found', "Cette adresse n'existe pas.");
      }
    }
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname.startsWith('/api/v1/')) return await api(req, res, url.pathname.slice('/api/v1/'.length));
      const mod = /^\/modules\/([a-z-]+)\/index\.js$/.exec(url.pathname);
      if (mod) {
        if (!state.modules.some((m) => m.id === mod[1])) { res.writeHead(404); return res.end(); }
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        return res.end(DEMO_MODULE);
      }
      const rel = url.pathname === '/' ? '/index.html' : url.pathname;
      const file = normalize(join(uiDir, rel));
      if (!file.startsWith(normalize(uiDir))) { res.writeHead(403); return res.end(); }
      const body = await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff' };
      if (rel === '/index.html') Object.assign(headers, { 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP });
      else if (rel.startsWith('/assets/')) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found');
    }
  });
  return {
    state,
    async listen(port = 0) {
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
      return `http://127.0.0.1:${server.address().port}`;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// `node mock-server.mjs <uiDir> [port]` runs it by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const uiDir = process.argv[2] ?? 'dist';
  const s = createMockServer({ uiDir, setupRequired: process.env.SETUP === '1' });
  s.listen(Number(process.argv[3] ?? 8099)).then((u) => console.log(`mock box on ${u} (login ${MOCK_LOGIN})`));
}
