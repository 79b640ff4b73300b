/** The two page frames: public (login, first login, set-up) and signed-in (header, side navigation). */
import type { App } from './app.js';
import type { CatalogueItem, Child, OwnProfile } from './types.js';
import { badgeCount, initials, unreadText } from './personal.js';
import { h, clear } from './ui/dom.js';
import { icon } from './ui/icons.js';
import { button, colourFor } from './ui/kit.js';
import { mayUseConsole } from './personal.js';
import { headerSearch } from './pages/search.js';

function skipLink(): HTMLAnchorElement {
  const a = h('a', { class: 'skip-link', href: '#main' }, 'Aller au contenu');
  // the hash belongs to the router: move focus without touching it
  a.addEventListener('click', (e) => {
    e.preventDefault();
    const main = document.getElementById('main');
    main?.focus();
    main?.scrollIntoView();
  });
  return a;
}

function brand(): HTMLSpanElement {
  return h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, icon('school', 22));
}

/** The school's logo when the referent put one (decorative: the school's name is written beside it), else Préau's mark. */
function schoolMark(app: App, uai: string): { root: HTMLSpanElement; dispose: () => void } {
  const root = h('span', { class: 'brand-logo-slot' });
  const render = (logos: { uai: string; logo: string }[]) => {
    const mine = logos.find((l) => l.uai === uai);
    root.replaceChildren(mine ? h('img', { class: 'brand-logo', src: mine.logo, alt: '', height: 40 }) : brand());
  };
  render(app.logos ?? []);
  if (app.logos === null) void app.loadLogos().then(render);
  const off = app.onLogos(render);
  return { root, dispose: () => { off(); } };
}

function footer(): HTMLElement {
  return h('footer', { class: 'site-footer' },
    h('p', {}, "Préau, l'espace numérique de l'établissement. Un souci ? Adressez-vous au référent numérique."),
    h('nav', { 'aria-label': 'Informations' },
      h('ul', { class: 'footer-links' },
        h('li', {}, h('a', { href: '#/aide' }, 'Aide')),
        h('li', {}, h('a', { href: '#/mentions-legales' }, 'Mentions légales')),
        h('li', {}, h('a', { href: '#/accessibilite' }, 'Accessibilité : non conforme')))));
}

export function publicLayout(content: Node): HTMLElement {
  const root = h('div', { class: 'layout layout-public' },
    skipLink(),
    h('header', { class: 'site-header public-header' },
      h('div', { class: 'header-inner' },
        h('span', { class: 'brand' }, brand(), h('span', { class: 'brand-name' }, 'Préau')))),
    h('main', { id: 'main', tabindex: '-1', class: 'main main-narrow' }, content),
    footer());
  return root;
}

function navList(app: App, current: string, items: CatalogueItem[] | null): HTMLUListElement {
  const link = (href: string, label: string, iconName: string, colour = '') => {
    const here = current === href;
    return h('li', {},
      h('a', { href, class: `nav-link ${here ? 'is-current' : ''}`, 'aria-current': here ? 'page' : undefined },
        h('span', { class: `nav-icon ${colour}` }, icon(iconName, 18)), h('span', {}, label)));
  };
  const ul = h('ul', { class: 'nav-list' }, link('#/', 'Accueil', 'house'));
  for (const m of items ?? []) ul.append(link(`#/module/${encodeURIComponent(m.id)}`, m.name, m.icon, colourFor(m.id)));
  if (mayUseConsole(app.session?.person.profiles ?? [])) {
    const inConsole = current.startsWith('#/console');
    ul.append(h('li', {},
      h('a', { href: '#/console', class: `nav-link ${inConsole ? 'is-current' : ''}`, 'aria-current': inConsole ? 'page' : undefined },
        h('span', { class: 'nav-icon' }, icon('settings', 18)), h('span', {}, 'Console'))));
  }
  ul.append(link('#/profile', 'Mon compte', 'circle-user-round'));
  return ul;
}

/** A parent's children, one click to switch (the page follows); nothing for other profiles. */
function childSwitcher(app: App): HTMLElement | null {
  if (!app.session?.person.profiles.includes('PARENT')) return null;
  const bar = h('nav', { class: 'child-switcher', 'aria-label': 'Enfant suivi' });
  const label = (c: Child) => `${c.displayName}${c.classes.length ? `, ${c.classes.join(', ')}` : ''}`;
  const render = () => {
    clear(bar);
    const children = app.children ?? [];
    if (children.length === 0) return;
    if (children.length === 1) {
      bar.append(h('p', { class: 'child-one' }, icon('user', 18), h('span', {}, `Vous suivez ${label(children[0]!)}`)));
      return;
    }
    const list = h('ul', {});
    for (const c of children) {
      const here = c.id === app.child?.id;
      const b = h('button', { type: 'button', class: `child-choice ${here ? 'is-current' : ''}`, 'aria-pressed': String(here) },
        icon('user', 18), h('span', {}, label(c)));
      b.addEventListener('click', () => app.chooseChild(c.id));
      list.append(h('li', {}, b));
    }
    bar.append(h('span', { class: 'child-title' }, 'Enfant suivi :'), list);
  };
  render();
  if (app.children === null) void app.loadChildren().then(render, () => { /* no children shown */ });
  return bar;
}

/** The person's photo, or their initials in a circle when they have none (decorative: the name is beside it). */
export function avatarBadge(displayName: string, url: string | null | undefined, size: 'small' | 'large' = 'small'): HTMLElement {
  if (url) return h('img', { class: `avatar avatar-${size}`, src: url, alt: '', width: size === 'small' ? 32 : 96, height: size === 'small' ? 32 : 96 });
  return h('span', { class: `avatar avatar-${size} avatar-initials`, 'aria-hidden': 'true' }, initials(displayName));
}

/** The header's bell: how many "nouveautés" are unread, a link to them on the home page. */
function newsLink(app: App): { root: HTMLAnchorElement; dispose: () => void } {
  const count = h('span', { class: 'count', hidden: true, 'aria-hidden': 'true' });
  const label = h('span', { class: 'visually-hidden' }, 'Nouveautés');
  const root = h('a', { class: 'news-link', href: '#/' }, icon('bell', 20), label, count);
  const render = (n: number | null) => {
    const unread = n ?? 0;
    count.hidden = unread <= 0;
    count.textContent = badgeCount(unread);
    label.textContent = n === null ? 'Nouveautés' : `Nouveautés : ${unreadText(unread)}`;
  };
  render(app.unread);
  const off = app.onUnread(render);
  if (app.unread === null) void app.refreshUnread().catch(() => { /* the badge stays empty */ });
  root.addEventListener('click', (e) => {
    if ((window.location.hash || '#/') === '#/') {
      e.preventDefault();
      document.getElementById('news-title')?.scrollIntoView();
      document.getElementById('news-title')?.focus();
    }
  });
  return { root, dispose: () => { off(); } };
}

export function signedInLayout(app: App, content: Node, currentHash: string): { root: HTMLElement; dispose: () => void } {
  const person = app.session!.person;
  const logout = button('Se déconnecter', { variant: 'ghost', icon: 'log-out' });
  logout.classList.add('logout');
  logout.addEventListener('click', () => { void app.logout(); });

  const nav = h('nav', { class: 'side-nav', 'aria-label': 'Navigation principale' });
  const renderNav = (items: CatalogueItem[] | null) => { clear(nav); nav.append(navList(app, currentHash, items)); };
  renderNav(app.catalogue);
  const unsubscribe = app.onCatalogue(renderNav);
  const news = newsLink(app);
  const face = h('span', { class: 'face' }, avatarBadge(person.displayName, app.profile?.avatar));
  const renderFace = (p: OwnProfile) => { clear(face); face.append(avatarBadge(person.displayName, p.avatar)); };
  const offProfile = app.onProfile(renderFace);
  if (!app.profile) void app.loadProfile().catch(() => { /* initials stay */ });

  const mark = schoolMark(app, person.school.uai);
  const onHome = (currentHash || '#/') === '#/' || currentHash === '#';
  const root = h('div', { class: `layout layout-signed-in${onHome ? ' on-home' : ''}` },
    skipLink(),
    h('header', { class: 'site-header' },
      h('div', { class: 'header-inner' },
        h('a', { class: 'brand', href: '#/' }, mark.root,
          h('span', { class: 'brand-text' },
            h('span', { class: 'school-name' }, person.school.name),
            h('span', { class: 'brand-sub' }, 'Préau, espace numérique'))),
        headerSearch(app),
        h('div', { class: 'person' },
          news.root,
          h('a', { class: 'person-link', href: '#/profile' }, face,
            h('span', { class: 'person-name' }, person.displayName),
            h('span', { class: 'visually-hidden' }, ' – Mon compte')),
          logout))),
    h('div', { class: 'frame' },
      nav,
      h('main', { id: 'main', tabindex: '-1', class: 'main' }, childSwitcher(app), content)),
    footer());
  return { root, dispose: () => { unsubscribe(); news.dispose(); offProfile(); mark.dispose(); } };
}
