/** Entry point: checks set-up and session, then renders the page for the current hash. */
import './styles.css';
import { App, OPEN_ROUTES, PUBLIC_ROUTES, applyDisplayPrefs, loadDisplayPrefs, type PageFn, type PageResult } from './app.js';
import { ProblemError } from './api.js';
import type { Route } from './router.js';
import type { SessionInfo } from './types.js';
import { h, clear } from './ui/dom.js';
import { alert, skeleton } from './ui/kit.js';
import { consoleLead, pageViewId } from './personal.js';
import { toastRegions } from './ui/toast.js';
import { publicLayout, signedInLayout } from './layout.js';
import { forgottenPage, loginPage } from './pages/login.js';
import { activationPage } from './pages/activation.js';
import { setupPage } from './pages/setup.js';
import { homePage } from './pages/home.js';
import { modulePage } from './pages/module.js';
import { personPage, searchPage } from './pages/search.js';
import { profilePage } from './pages/profile.js';
import { accessibilityPage, helpPage, legalPage } from './pages/info.js';

const notFoundPage: PageFn = (app) => ({
  title: 'Page introuvable',
  layout: app.session ? 'signed-in' : 'public',
  node: h('div', { class: app.session ? '' : 'card' },
    h('h1', { tabindex: '-1' }, 'Page introuvable'),
    h('p', {}, 'Cette adresse ne correspond à aucune page de Préau.'),
    h('p', {}, h('a', { href: '#/' }, 'Revenir à l’accueil'))),
});

/** The console's code, fetched once (at start-up already when the address is a console page). */
let consoleCode: Promise<typeof import('./pages/console.js')> | null = null;
const loadConsole = () => (consoleCode ??= import('./pages/console.js'));

/**
 * The console is loaded only when opened (referent and direction): its code does not weigh on
 * everyone's portal. Its head (title, lead) is drawn at once by the shell, its content when the
 * code has arrived (a skeleton meanwhile).
 */
const consolePage: PageFn = (app, route) => {
  const waiting = skeleton(4);
  const slot = h('div', { class: 'console' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Console'),
      h('p', { class: 'lead' }, consoleLead(app.session?.person.profiles ?? []))),
    waiting);
  let disposed = false;
  let inner: (() => void) | undefined;
  loadConsole().then((m) => {
    if (disposed) return;
    const page = m.consolePage(app, route);
    waiting.replaceWith(page.node);
    document.title = `${page.title} – Préau`;
    inner = page.dispose;
  }, () => {
    consoleCode = null;
    if (disposed) return;
    waiting.replaceWith(alert('error', 'La console n’a pas pu être chargée. Vérifiez la connexion puis rechargez la page.'));
  });
  return { title: 'Console', node: slot, layout: 'signed-in', dispose: () => { disposed = true; inner?.(); } };
};

const PAGES: Record<string, PageFn> = {
  home: homePage,
  login: loginPage,
  forgotten: forgottenPage,
  activation: activationPage,
  setup: setupPage,
  profile: profilePage,
  module: modulePage,
  search: searchPage,
  person: personPage,
  console: consolePage,
  help: helpPage,
  legal: legalPage,
  accessibility: accessibilityPage,
  notFound: notFoundPage,
};

const root = document.getElementById('app')!;
let current: { dispose: () => void } | null = null;
let firstRender = true;

function mount(result: PageResult, hash: string): void {
  current?.dispose();
  clear(root);
  let layoutDispose = () => {};
  if (result.layout === 'signed-in' && app.session) {
    const l = signedInLayout(app, result.node, hash);
    root.append(l.root);
    layoutDispose = l.dispose;
  } else {
    root.append(publicLayout(result.node));
  }
  current = { dispose: () => { result.dispose?.(); layoutDispose(); } };
  document.title = `${result.title} – Préau`;
  // move focus to the new page's heading so screen readers read it (not on first load)
  if (!firstRender) root.querySelector<HTMLElement>('h1')?.focus();
  firstRender = false;
}

function render(route: Route): void {
  const hash = window.location.hash || '#/';
  if (app.setupRequired && route.name !== 'setup') { app.go('#/setup'); return; }
  if (!app.setupRequired && route.name === 'setup') { app.go(app.session ? '#/' : '#/login'); return; }
  if (PUBLIC_ROUTES.has(route.name) && route.name !== 'setup' && app.session) { app.go('#/'); return; }
  if (!PUBLIC_ROUTES.has(route.name) && !OPEN_ROUTES.has(route.name) && !app.session) {
    app.returnTo = hash === '#/' ? null : hash;
    app.go('#/login');
    return;
  }
  mount(PAGES[route.name]!(app, route), hash);
  countView(route);
}

/** Tells the box which page was opened, for the statistics (anonymous counters; failures are ignored). */
function countView(route: Route): void {
  const page = app.session ? pageViewId(route) : null;
  if (!page) return;
  app.api.post('views', { page }, { authAttempt: true, keepalive: true }).catch(() => { /* statistics only */ });
}

const app = new App(render);

function startingScreen(message: string): void {
  clear(root);
  root.append(publicLayout(h('div', { class: 'card' },
    h('h1', { tabindex: '-1' }, 'Préau démarre'),
    h('div', { role: 'status' }, alert('info', message)))));
  document.title = 'Préau démarre – Préau';
}

async function boot(attempt = 0): Promise<void> {
  // opening the console: its code comes with the start-up requests rather than after them
  if (attempt === 0 && /^#\/console(\/|$)/.test(window.location.hash)) void loadConsole().catch(() => { consoleCode = null; });
  // three questions at once (one round trip on a slow phone network): set-up needed? signed in?
  // the schools' logos (login page, header: known before the first page, so that nothing shifts)
  type Probe = { signedIn: boolean } & Partial<SessionInfo>;
  const probe = app.api.get<Probe>('auth/session', { authAttempt: true }).catch(() => null);
  const logos = app.loadLogos();
  try {
    const setup = await app.api.get<{ required?: boolean }>('setup', { authAttempt: true });
    app.setupRequired = setup?.required === true;
  } catch (e) {
    if (e instanceof ProblemError && (e.status === 503 || e.status === 0 || e.status === 502)) {
      startingScreen(attempt === 0
        ? 'Le serveur démarre. Cette page se mettra à jour toute seule dans quelques secondes.'
        : `Le serveur n'est pas encore prêt (essai ${attempt + 1}). Cette page se mettra à jour toute seule.`);
      window.setTimeout(() => { void boot(attempt + 1); }, 3000);
      return;
    }
    app.setupRequired = false;
  }
  // "am I signed in?" answers 200 either way: the login page logs no failed request
  const answer = app.setupRequired ? null : await probe;
  if (answer?.signedIn && answer.person && answer.csrfToken) app.setSession({ person: answer.person, csrfToken: answer.csrfToken });
  else app.clearSession();
  await logos;
  app.router.start();
}

applyDisplayPrefs(loadDisplayPrefs());
toastRegions(); // live regions exist before the first toast, so that it is announced
void boot();

// installable on a phone (PWA); the service worker keeps the shell only, never an answer of the API
// registered a few seconds after the page has loaded: its installation (which fetches the shell again) never
// competes with the first display on a slow phone
if ('serviceWorker' in navigator && window.isSecureContext) {
  const register = () => {
    window.setTimeout(() => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { /* the portal works without it */ });
    }, 3000);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
