/**
 * The webmail (« Messagerie »), mounted by the shell at #/module/mail: folders, the message list, reading one
 * message, writing. One column on every screen: the list, then the message (a phone never shows them side by side).
 * Everything comes through `context` (kit, API client, person); `context.path` `INBOX/12` opens that message.
 */
import { MailApi, problemTitle } from './api.js';
import { composeView } from './compose.js';
import type { Kit } from './kit.js';
import { PAGE_SIZE, emptyFolderText, remoteImagesText, splitImageMarkers, hasNext, hasPrevious, nextOffset, pageStatus, parseDeepLink, previousOffset, quotaView, recipientsLabel, summaryLabel, unreadLabel, who } from './logic.js';
import type { ApiLike, Contact, Folder, HeldMessage, MessageView, Part, Person, Summary } from './types.js';

export interface ModuleContext {
  person: Person;
  api: ApiLike & { uploadWithProgress?: unknown };
  kit: Kit;
  navigate?: (hash: string) => void;
  /** What follows `#/module/mail/`: `INBOX/12` opens that message. */
  path?: string;
  link?: (path: string) => string;
}

function dateLabel(K: Kit, iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const day = d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  const time = d.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).replace(':', ' h ');
  return day === today ? `aujourd’hui à ${time}` : `${K.format.day(day, { year: day.slice(0, 4) !== today.slice(0, 4) })} à ${time}`;
}

/** The two views that are not folders: a teacher's « À valider » (also a deep link) and a pupil's « En attente ». */
const TO_VALIDATE = 'a-valider';
const PENDING = 'en-attente';

export function mount(element: HTMLElement, context: ModuleContext): () => void {
  const K = context.kit;
  const api = new MailApi(context.api);
  let live = true;
  let folders: Folder[] = [];
  let current = 'INBOX';
  let offset = 0;
  let query = '';
  /** Pupils' messages waiting for this teacher's approval (null: the person moderates nothing). */
  let toValidate: number | null = null;
  /** The person's own messages waiting for a teacher's approval. */
  let pending = 0;

  const folderNav = K.h('ul', {});
  const nav = K.h('nav', { class: 'tabs', 'aria-label': 'Dossiers de la messagerie' }, folderNav);
  const write = K.button('Écrire un message', { variant: 'primary', icon: 'pen-line', onClick: () => compose({ title: 'Nouveau message' }) });
  const address = K.h('p', { class: 'lead' });
  const quotaBox = K.h('div', { class: 'mail-quota' });
  const view = K.h('div', { class: 'mail-view' });
  const announce = K.liveRegion('polite');
  const root = K.h('div', { class: 'mail', 'aria-busy': 'true' }, K.skeleton(5));
  element.append(root);

  const plain = () => {
    const link = context.link?.('') ?? '#/module/mail';
    if (window.location.hash !== link) history.replaceState(history.state, '', link);
  };
  const here = (folder: string, uid: number) => {
    const link = context.link?.(`${folder}/${uid}`);
    if (link && window.location.hash !== link) history.replaceState(history.state, '', link);
  };

  const focusHeading = () => {
    const heading = view.querySelector<HTMLElement>('h2');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  };

  const renderFolders = () => {
    folderNav.replaceChildren(...folders.map((f) => {
      const unread = f.role === 'inbox' || f.role === 'other' ? unreadLabel(f.unread) : '';
      const b = K.h('button', { type: 'button', class: f.id === current ? 'tab is-current' : 'tab', 'aria-current': f.id === current ? 'true' : undefined },
        K.icon(f.role === 'inbox' ? 'inbox' : f.role === 'trash' ? 'trash' : f.role === 'sent' ? 'mail' : f.role === 'drafts' ? 'pencil' : 'folder', 18),
        K.h('span', {}, f.label),
        unread ? K.h('span', { class: 'badge badge-pending' }, K.h('span', { 'aria-hidden': 'true' }, String(f.unread)), K.h('span', { class: 'visually-hidden' }, unread)) : null);
      b.addEventListener('click', () => { current = f.id; offset = 0; query = ''; plain(); renderFolders(); showList(true); });
      return K.h('li', {}, b);
    }));
    const extra = (id: string, label: string, icon: string, count: number, countLabel: string) => {
      const b = K.h('button', { type: 'button', class: current === id ? 'tab is-current' : 'tab', 'aria-current': current === id ? 'true' : undefined },
        K.icon(icon, 18), K.h('span', {}, label),
        count > 0 ? K.h('span', { class: 'badge badge-pending' }, K.h('span', { 'aria-hidden': 'true' }, String(count)), K.h('span', { class: 'visually-hidden' }, countLabel)) : null);
      b.addEventListener('click', () => { current = id; offset = 0; query = ''; plain(); renderFolders(); void showList(true); });
      folderNav.append(K.h('li', {}, b));
    };
    if (toValidate !== null) extra(TO_VALIDATE, 'À valider', 'clipboard-check', toValidate, toValidate === 1 ? '1 message à valider' : `${toValidate} messages à valider`);
    if (pending > 0 || current === PENDING) extra(PENDING, 'En attente', 'clock', pending, pending === 1 ? '1 message en attente' : `${pending} messages en attente`);
  };

  /** The room left in the mailbox, under the folders (nothing shown when it cannot be read: the folders still work). */
  const refreshQuota = async () => {
    try {
      const q = quotaView(await api.quota(), K.format.size);
      if (!live) return;
      const textId = 'mail-quota-text';
      quotaBox.replaceChildren(K.h('p', { id: textId, class: 'hint' }, `${q.sentence}.`));
      if (q.percent !== null) quotaBox.append(K.h('progress', { class: 'bar', max: 100, value: q.percent, 'aria-labelledby': textId }));
      if (q.warning) quotaBox.append(K.alert(q.full ? 'error' : 'warning', q.warning));
    } catch {
      quotaBox.replaceChildren();
    }
  };

  const refreshFolders = async () => {
    void refreshQuota();
    try {
      const list = await api.folders();
      if (!live) return;
      folders = list.items;
      toValidate = list.toValidate ?? null;
      pending = list.pending ?? 0;
      address.textContent = `Votre adresse : ${list.address}`;
      renderFolders();
    } catch (e) {
      if (live) K.toast('error', problemTitle(e));
    }
  };

  const folderLabel = () => folders.find((f) => f.id === current)?.label ?? current;

  const row = (s: Summary): HTMLElement => {
    const sent = current === 'Sent' || current === 'Drafts';
    const date = dateLabel(K, s.date);
    const link = context.link?.(`${current}/${s.uid}`) ?? `#/module/mail/${encodeURIComponent(current)}/${s.uid}`;
    const a = K.h('a', { href: link, class: 'mail-row', 'aria-label': summaryLabel(s, sent, date) },
      s.seen ? null : K.h('span', { class: 'badge badge-pending' }, 'Non lu'), s.seen ? null : ' ',
      K.h(s.seen ? 'span' : 'strong', {}, sent ? `À ${recipientsLabel(s.to)}` : who(s.from)),
      K.h('br', {}),
      K.h(s.seen ? 'span' : 'strong', {}, s.subject || '(sans objet)'),
      K.h('br', {}),
      K.h('span', { class: 'hint' }, [date, K.format.size(s.size), s.attachments ? 'pièce jointe' : '', s.flagged ? 'suivi' : ''].filter(Boolean).join(' · ')));
    a.addEventListener('click', (e) => { e.preventDefault(); void (current === 'Drafts' ? openDraft(s.uid) : showMessage(current, s.uid)); });
    return K.h('li', { class: 'card' }, a);
  };

  const searchForm = (): HTMLElement => {
    const field = K.textField({ label: `Rechercher dans « ${folderLabel()} »`, name: 'mail-search', type: 'search', value: query, maxlength: 200,
      hint: 'Objet, correspondant ou texte du message' });
    const form = K.h('form', { class: 'mail-search', role: 'search' }, field.root,
      K.h('div', { class: 'actions' }, K.button('Rechercher', { variant: 'secondary', icon: 'search', type: 'submit' }),
        query ? K.button('Tout afficher', { variant: 'ghost', onClick: () => { query = ''; offset = 0; void showList(true); } }) : null));
    form.addEventListener('submit', (e) => { e.preventDefault(); query = field.value().trim(); offset = 0; void showList(true); });
    return form;
  };

  /** A pupil's message waiting for approval: who, to whom, when, the beginning of the text, the attachments. */
  const heldCard = (m: HeldMessage, actions: HTMLElement | null): HTMLElement => {
    const titleId = `mail-held-${m.id}`;
    return K.h('li', { class: 'card' }, K.h('article', { 'aria-labelledby': titleId },
      K.h('h3', { id: titleId }, m.subject || '(sans objet)'),
      K.h('dl', { class: 'facts' },
        K.h('dt', {}, 'De'), K.h('dd', {}, contactsText([m.from])),
        K.h('dt', {}, 'À'), K.h('dd', {}, m.to.join(', ')),
        K.h('dt', {}, 'Écrit'), K.h('dd', {}, dateLabel(K, m.date))),
      m.preview ? K.h('p', { class: 'mail-preview' }, m.preview) : K.h('p', { class: 'hint' }, '(message sans texte)'),
      m.attachments.length ? K.h('p', { class: 'hint' }, `${m.attachments.length === 1 ? 'Pièce jointe' : 'Pièces jointes'} : `
        + m.attachments.map((p) => `${p.name} (${K.format.size(p.size)})`).join(', ')) : null,
      actions));
  };

  const refuseDialog = async (m: HeldMessage) => {
    const reason = K.h('textarea', { id: 'mail-refuse-reason', name: 'reason', rows: 3, maxlength: 1000, 'aria-describedby': 'mail-refuse-hint' }) as HTMLTextAreaElement;
    const d = K.dialog<string>({ title: `Refuser le message « ${m.subject || '(sans objet)'} » ?`,
      body: [K.h('p', {}, 'Le message ne partira pas. L’élève trouvera dans sa boîte de réception un avis avec votre explication.'),
        K.h('label', { for: 'mail-refuse-reason' }, 'Explication pour l’élève (facultative)'), reason,
        K.h('p', { id: 'mail-refuse-hint', class: 'hint' }, '1 000 caractères au plus.')],
      actions: [{ label: 'Annuler', value: '', variant: 'ghost' }, { label: 'Refuser le message', value: 'refuse', variant: 'danger', icon: 'x' }],
      initialFocus: reason });
    if ((await d.result) !== 'refuse') return;
    try {
      await api.refuse(m.id, reason.value);
      K.toast('success', 'Message refusé. L’élève en est averti dans sa messagerie.');
    } catch (e) { K.toast('error', problemTitle(e)); }
    await refreshFolders();
    void showList(true);
  };

  /** « Accepter et envoyer » and « Refuser… » for one pupil's message. */
  const decisions = (m: HeldMessage): HTMLElement => {
    const approve = K.button('Accepter et envoyer', { variant: 'primary', icon: 'circle-check' });
    approve.addEventListener('click', () => void K.withBusy(approve, 'Envoi…', async () => {
      try {
        await api.approve(m.id);
        K.toast('success', `Message « ${m.subject || '(sans objet)'} » accepté et envoyé.`);
      } catch (e) { K.toast('error', problemTitle(e)); }
      await refreshFolders();
      void showList(true);
    }));
    return K.h('div', { class: 'row-actions' }, approve,
      K.button('Refuser…', { variant: 'danger', icon: 'x', onClick: () => void refuseDialog(m) }));
  };

  /** « À valider » (a teacher's pupils' messages) or « En attente » (the person's own). */
  const showHeld = async (focus: boolean) => {
    const moderating = current === TO_VALIDATE;
    const status = K.statusText();
    const list = K.h('ul', { class: 'plain-list mail-list', 'aria-label': moderating ? 'Messages d’élèves à valider' : 'Vos messages en attente' });
    view.replaceChildren(K.h('h2', {}, moderating ? 'À valider' : 'En attente'),
      K.h('p', { class: 'hint' }, moderating
        ? 'Les messages de vos élèves partent une fois que vous les acceptez. Les règles de communication sont vérifiées de nouveau à l’envoi.'
        : 'Ces messages partiront quand votre enseignant les aura acceptés.'),
      status.root, list);
    view.setAttribute('aria-busy', 'true');
    list.append(K.h('li', {}, K.skeleton(3)));
    if (focus) focusHeading();
    try {
      const items = (moderating ? await api.toValidate() : await api.myPending()).items;
      if (!live) return;
      view.removeAttribute('aria-busy');
      status.say(items.length === 0 ? 'Aucun message' : items.length === 1 ? '1 message' : `${items.length} messages`);
      if (items.length === 0) {
        list.replaceWith(K.emptyState(moderating ? 'Aucun message à valider. Tout est à jour !' : 'Aucun message en attente.', 'circle-check'));
        return;
      }
      list.replaceChildren(...items.map((m) => heldCard(m, moderating ? decisions(m) : null)));
    } catch (e) {
      if (!live) return;
      view.removeAttribute('aria-busy');
      list.replaceWith(K.alert('error', problemTitle(e), 'La liste n’a pas pu s’afficher'));
    }
  };

  const showList = async (focus = false) => {
    if (current === TO_VALIDATE || current === PENDING) return showHeld(focus);
    const status = K.statusText();
    const list = K.h('ul', { class: 'plain-list mail-list', 'aria-label': query ? `Messages trouvés : ${folderLabel()}` : `Messages : ${folderLabel()}` });
    const pager = K.h('div', { class: 'actions' });
    view.replaceChildren(K.h('h2', {}, query ? `${folderLabel()} : « ${query} »` : folderLabel()), searchForm(), status.root, list, pager);
    view.setAttribute('aria-busy', 'true');
    list.append(K.h('li', {}, K.skeleton(4)));
    if (focus) focusHeading();
    try {
      const page = await api.messages(current, offset, PAGE_SIZE, query || undefined);
      if (!live) return;
      view.removeAttribute('aria-busy');
      status.say(pageStatus(page.offset, page.items.length, page.total));
      if (page.items.length === 0) {
        list.replaceWith(K.emptyState(emptyFolderText(current, query), 'inbox'));
        return;
      }
      list.replaceChildren(...page.items.map(row));
      if (hasPrevious(page.offset)) pager.append(K.button('Messages plus récents', { variant: 'secondary', icon: 'chevron-left', onClick: () => { offset = previousOffset(offset); void showList(true); } }));
      if (hasNext(page.offset, page.items.length, page.total)) pager.append(K.button('Messages plus anciens', { variant: 'secondary', icon: 'chevron-right', onClick: () => { offset = nextOffset(offset); void showList(true); } }));
    } catch (e) {
      if (!live) return;
      view.removeAttribute('aria-busy');
      list.replaceWith(K.alert('error', problemTitle(e), 'La liste des messages n’a pas pu s’afficher'));
    }
  };

  const contactsText = (list: Contact[]) => list.map((c) => (c.name ? `${c.name} <${c.address}>` : c.address)).join(', ');

  /** The remote images' markers of a sanitised body replaced by the images, served by the box. */
  const placeImages = (box: HTMLElement, m: MessageView) => {
    const alts = new Map((m.images ?? []).map((i) => [i.index, i.alt]));
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
    for (const t of texts) {
      const parts = splitImageMarkers(t.data);
      if (parts.length === 1 && typeof parts[0] === 'string') continue;
      t.replaceWith(...parts.map((p) => (typeof p === 'string' ? p : alts.has(p)
        ? K.h('img', { src: api.imageUrl(m.folder, m.uid, p), alt: alts.get(p) ?? '', class: 'mail-remote-image', loading: 'lazy' }) : '')));
    }
  };

  const body = (m: MessageView): HTMLElement => {
    const box = K.h('div', { class: 'card mail-body' });
    if (m.html) {
      const tpl = document.createElement('template');
      tpl.innerHTML = K.sanitizeHtml(m.html);
      box.append(tpl.content);
      if (m.images) placeImages(box, m);
    } else {
      for (const para of (m.text || '').split(/\n{2,}/)) {
        const p = K.h('p', {});
        para.split('\n').forEach((line, i) => { if (i) p.append(K.h('br', {})); p.append(line); });
        box.append(p);
      }
    }
    return box;
  };

  const showMessage = async (folder: string, uid: number, images = false) => {
    view.setAttribute('aria-busy', 'true');
    view.replaceChildren(K.skeleton(6));
    try {
      const m = await api.message(folder, uid, images);
      if (!live) return;
      view.removeAttribute('aria-busy');
      current = folder;
      renderFolders();
      here(folder, uid);
      const back = K.button('Retour à la liste', { variant: 'ghost', icon: 'chevron-left', onClick: () => { plain(); void showList(true); } });
      const facts = K.h('dl', { class: 'facts' },
        K.h('dt', {}, 'De'), K.h('dd', {}, contactsText([m.from])),
        K.h('dt', {}, 'À'), K.h('dd', {}, contactsText(m.to) || '(aucun)'),
        m.cc.length ? K.h('dt', {}, 'Copie à') : null, m.cc.length ? K.h('dd', {}, contactsText(m.cc)) : null,
        K.h('dt', {}, 'Date'), K.h('dd', {}, dateLabel(K, m.date)));
      const actions = K.h('div', { class: 'row-actions' },
        K.button('Répondre', { variant: 'primary', icon: 'message-square', onClick: () => void draft('reply', m) }),
        K.button('Répondre à tous', { variant: 'secondary', icon: 'messages-square', onClick: () => void draft('all', m) }),
        K.button('Transférer', { variant: 'secondary', icon: 'arrow-up', onClick: () => void draft('forward', m) }),
        K.button('Marquer comme non lu', { variant: 'secondary', icon: 'eye-off', onClick: async () => {
          try { await api.setSeen(folder, uid, false); K.toast('info', 'Le message est de nouveau marqué comme non lu.'); plain(); await refreshFolders(); void showList(true); }
          catch (e) { K.toast('error', problemTitle(e)); }
        } }),
        K.button(m.flagged ? 'Ne plus suivre' : 'Suivre', { variant: 'secondary', icon: 'star', onClick: async () => {
          try { await api.setFlagged(folder, uid, !m.flagged); K.toast('success', m.flagged ? 'Ce message n’est plus suivi.' : 'Ce message est suivi.'); void showMessage(folder, uid); }
          catch (e) { K.toast('error', problemTitle(e)); }
        } }),
        folders.length > 1 ? K.button('Déplacer…', { variant: 'secondary', icon: 'folder', onClick: () => void moveDialog(folder, uid) }) : null,
        K.button(folder === 'Trash' ? 'Supprimer définitivement' : 'Supprimer', { variant: 'danger', icon: 'trash', onClick: async () => {
          if (folder === 'Trash' && !(await K.confirmDialog({ title: 'Supprimer définitivement ce message ?', message: 'Il ne pourra plus être récupéré.', confirmLabel: 'Supprimer définitivement', danger: true }))) return;
          try {
            const r = await api.delete(folder, uid);
            K.toast('success', r.trashed ? 'Message mis à la corbeille. Vous pouvez l’y retrouver pendant que vous le souhaitez.' : 'Message supprimé définitivement.');
            plain();
            await refreshFolders();
            void showList(true);
          } catch (e) { K.toast('error', problemTitle(e)); }
        } }));
      const parts = m.attachments.length ? K.h('section', { 'aria-labelledby': 'mail-parts-title' },
        K.h('h3', { id: 'mail-parts-title' }, m.attachments.length === 1 ? 'Pièce jointe' : `Pièces jointes (${m.attachments.length})`),
        K.h('ul', { class: 'plain-list' }, ...m.attachments.map((p) => K.h('li', {},
          K.h('a', { href: api.attachmentUrl(folder, uid, p.index), download: p.name }, K.icon('download', 16), ` ${p.name}`),
          K.h('span', { class: 'hint' }, ` (${K.format.size(p.size)})`))))) : null;
      const hidden = !m.images && (m.remoteImages ?? 0) > 0 ? K.h('div', { class: 'mail-images-note' },
        K.h('p', { class: 'hint' }, remoteImagesText(m.remoteImages ?? 0)),
        K.button('Afficher les images distantes', { variant: 'secondary', icon: 'eye', onClick: () => void showMessage(folder, uid, true) })) : null;
      view.replaceChildren(back, K.h('article', { 'aria-labelledby': 'mail-subject' },
        K.h('h2', { id: 'mail-subject' }, m.subject || '(sans objet)'), facts, actions, hidden, body(m), parts));
      focusHeading();
      void refreshFolders();
    } catch (e) {
      if (!live) return;
      view.removeAttribute('aria-busy');
      plain();
      K.toast('error', (e as { status?: number }).status === 404 ? 'Ce message n’existe plus dans ce dossier : il a peut-être été supprimé ou déplacé.' : problemTitle(e));
      void showList(true);
    }
  };

  const moveDialog = async (folder: string, uid: number) => {
    const targets = folders.filter((f) => f.id !== folder);
    const select = K.h('select', { id: 'mail-move-to', name: 'to' }, ...targets.map((f) => K.h('option', { value: f.id }, f.label)));
    const d = K.dialog<string>({ title: 'Déplacer le message', body: [K.h('label', { for: 'mail-move-to' }, 'Vers le dossier'), select],
      actions: [{ label: 'Annuler', value: '', variant: 'ghost' }, { label: 'Déplacer', value: 'move', variant: 'primary', icon: 'folder' }],
      initialFocus: select });
    if ((await d.result) !== 'move') return;
    const to = select.value;
    try {
      await api.move(folder, uid, to);
      K.toast('success', `Message déplacé vers « ${targets.find((f) => f.id === to)?.label ?? to} ».`);
      plain();
      await refreshFolders();
      void showList(true);
    } catch (e) { K.toast('error', problemTitle(e)); }
  };

  const draft = async (kind: 'reply' | 'all' | 'forward', m: MessageView) => {
    try {
      const d = kind === 'forward' ? await api.forward(m.folder, m.uid) : await api.reply(m.folder, m.uid, kind === 'all');
      if (!live) return;
      compose({ title: kind === 'forward' ? 'Transférer le message' : 'Répondre', to: d.to, cc: d.cc, subject: d.subject, text: d.text,
        replyTo: kind === 'forward' ? undefined : { folder: m.folder, uid: m.uid }, forward: kind === 'forward' ? { folder: m.folder, uid: m.uid } : undefined });
    } catch (e) {
      K.toast('error', problemTitle(e));
    }
  };

  /** A draft of « Brouillons », reopened in the compose form. */
  const openDraft = async (uid: number) => {
    try {
      const d = await api.draft(uid);
      if (!live) return;
      current = 'Drafts';
      renderFolders();
      compose({ title: 'Brouillon', to: d.to, cc: d.cc, subject: d.subject, text: d.text, html: d.html ?? undefined,
        draft: { uid: d.uid, attachments: d.attachments } });
    } catch (e) {
      K.toast('error', problemTitle(e));
      void showList(true);
    }
  };

  const compose = (o: { title: string; to?: string[]; cc?: string[]; subject?: string; text?: string; html?: string; replyTo?: { folder: string; uid: number };
    forward?: { folder: string; uid: number }; draft?: { uid: number; attachments: Part[] } }) => {
    plain();
    composeView(view, { kit: K, api, uploadApi: context.api, ...o, done: (sent, held) => {
      if (sent) announce.show(held ? 'info' : 'success', held ? 'Votre message partira quand votre enseignant l’aura accepté : vous le retrouvez dans « En attente ».' : 'Message envoyé.');
      void refreshFolders();
      void showList(true);
    } });
  };

  api.folders().then((list) => {
    if (!live) return;
    folders = list.items;
    toValidate = list.toValidate ?? null;
    pending = list.pending ?? 0;
    address.textContent = `Votre adresse : ${list.address}`;
    root.removeAttribute('aria-busy');
    root.replaceChildren(K.h('div', { class: 'actions' }, write), address, nav, quotaBox, announce.root, view);
    renderFolders();
    void refreshQuota();
    const link = parseDeepLink(context.path);
    if (context.path === TO_VALIDATE && toValidate !== null) { current = TO_VALIDATE; renderFolders(); void showList(); }
    else if (link) void (link.folder === 'Drafts' ? openDraft(link.uid) : showMessage(link.folder, link.uid));
    else void showList();
  }).catch((e: unknown) => {
    if (!live) return;
    root.removeAttribute('aria-busy');
    root.replaceChildren(K.alert('error', problemTitle(e), 'La messagerie n’a pas pu s’ouvrir'));
  });

  return () => { live = false; };
}
