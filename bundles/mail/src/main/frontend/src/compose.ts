/**
 * Writing a message: recipients with the address book's suggestions (only the people the school's rules let you
 * write to), subject, rich text, attachments sent before the message. Also used for reply, reply-all and forward.
 */
import { MailApi, problemCode, problemTitle } from './api.js';
import type { Kit } from './kit.js';
import { addRecipient, addressOf, chipLabel, looksLikeAddress, messageBody, splitRecipients, suggestionStatus, textToHtml } from './logic.js';
import type { AddressBookEntry, AddressBookList, DraftView, Part, Ref, SendInput, Upload } from './types.js';

export interface ComposeOptions {
  kit: Kit;
  api: MailApi;
  uploadApi: unknown;
  title: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  /** The body as HTML (a reopened draft), instead of `text`. */
  html?: string;
  replyTo?: Ref;
  forward?: Ref;
  /** The draft of « Brouillons » being edited. */
  draft?: Pick<DraftView, 'uid' | 'attachments'>;
  /** Called once the message is sent (`pending`: it waits for a teacher's approval), or with false when the person gives up. */
  done: (sent: boolean, pending?: boolean) => void;
}

let seq = 0;

interface RecipientField {
  root: HTMLElement;
  values(): string[];
  /** Adds what is still typed in the input when it is an address. */
  commit(): boolean;
  setError(message: string | null): void;
  focus(): void;
}

function recipientField(K: Kit, api: MailApi, label: string, name: string, initial: string[], required: boolean): RecipientField {
  seq += 1;
  const id = `mail-${name}-${seq}`;
  let values: string[] = [];
  for (const v of initial) values = addRecipient(values, v);
  const input = K.h('input', { id, name, type: 'text', class: 'input', autocomplete: 'off', 'aria-autocomplete': 'list',
    'aria-controls': `${id}-suggestions`, 'aria-describedby': `${id}-hint` }) as HTMLInputElement;
  const chips = K.h('ul', { class: 'plain-list mail-recipients', 'aria-label': `Destinataires (${label})` });
  const suggestions = K.h('ul', { id: `${id}-suggestions`, class: 'plain-list mail-suggestions', 'aria-label': `Suggestions du carnet d’adresses (${label})` });
  const status = K.statusText();
  const error = K.h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const root = K.h('div', { class: 'field' },
    K.h('label', { for: id, class: 'label' }, label, required ? null : K.h('span', { class: 'optional' }, ' (facultatif)')),
    K.h('p', { id: `${id}-hint`, class: 'hint' }, 'Tapez au moins deux lettres d’un nom pour chercher dans votre carnet d’adresses, ou une adresse complète suivie d’une virgule.'),
    chips, input, status.root, suggestions, error);

  const renderChips = () => {
    chips.replaceChildren(...values.map((v) => K.h('li', {}, K.h('span', { class: 'strong', title: v }, chipLabel(v)), ' ',
      K.button('', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer ${v}`, onClick: () => { values = values.filter((x) => x !== v); renderChips(); input.focus(); } }))));
  };
  const add = (typed: string) => {
    values = addRecipient(values, typed);
    renderChips();
    input.value = '';
    suggestions.replaceChildren();
    setError(null);
  };
  const addAll = (typed: string[]) => {
    for (const t of typed) values = addRecipient(values, t);
    renderChips();
    input.value = '';
    suggestions.replaceChildren();
    setError(null);
  };
  const setError = (message: string | null) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-describedby', message ? `${id}-hint ${id}-error` : `${id}-hint`);
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  };
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (q: string) => {
    const mine = ++ticket;
    api.contacts(q).then(({ items, lists }) => {
      if (mine !== ticket) return;
      const fresh = items.filter((c: AddressBookEntry) => !values.some((v) => addressOf(v) === c.address));
      const groups = (lists ?? []) as AddressBookList[];
      suggestions.replaceChildren(
        ...groups.map((l) => K.h('li', {},
          K.button(`${l.name} — ${l.detail}`, { variant: 'secondary', icon: 'users', onClick: () => { addAll(l.members.map((m) => (m.name ? `${m.name} <${m.address}>` : m.address))); input.focus(); } }))),
        ...fresh.map((c) => K.h('li', {},
          K.button(`${c.name} — ${c.detail}`, { variant: 'secondary', onClick: () => { add(`${c.name} <${c.address}>`); input.focus(); } }))));
      status.say(suggestionStatus(fresh.length, groups.length));
    }).catch((e: unknown) => { if (mine === ticket) status.say(problemTitle(e)); });
  };
  input.addEventListener('input', () => {
    const v = input.value;
    if (/[,;]$/.test(v)) {
      const parts = splitRecipients(v);
      const last = parts[parts.length - 1];
      if (last && looksLikeAddress(last)) { add(last); return; }
    }
    if (timer) clearTimeout(timer);
    if (v.trim().length < 2) { suggestions.replaceChildren(); return; }
    timer = setTimeout(() => search(v), 250);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (looksLikeAddress(input.value)) add(input.value);
    else suggestions.querySelector('button')?.click();
  });
  renderChips();
  return {
    root,
    values: () => values,
    commit: () => {
      const typed = input.value.trim();
      if (!typed) return true;
      for (const part of splitRecipients(typed)) {
        if (!looksLikeAddress(part)) {
          setError(`« ${part} » n’est pas une adresse. Choisissez la personne dans les suggestions, ou tapez son adresse complète.`);
          return false;
        }
        add(part);
      }
      return true;
    },
    setError,
    focus: () => input.focus(),
  };
}

export function composeView(root: HTMLElement, o: ComposeOptions): void {
  const K = o.kit;
  const to = recipientField(K, o.api, 'À', 'to', o.to ?? [], true);
  const cc = recipientField(K, o.api, 'Copie à', 'cc', o.cc ?? [], false);
  const subject = K.textField({ label: 'Objet', name: 'objet', value: o.subject ?? '', maxlength: 250 });
  const body = K.richTextEditor({ label: 'Message', name: 'message', value: o.html ?? (o.text ? textToHtml(o.text) : ''), maxLength: 100000 });
  let forward = o.forward;
  const files = K.filePicker({ label: 'Pièces jointes', name: 'pieces', multiple: true, maxSize: 10 * 1024 * 1024, maxFiles: 20,
    hint: forward ? 'Les pièces jointes du message transféré sont jointes d’office.' : undefined });
  // the draft being edited, and its attachments the message keeps
  let draftUid = o.draft?.uid;
  let draftParts: Part[] = o.draft?.attachments ?? [];
  const partsBox = K.h('div', {});
  const renderParts = () => {
    partsBox.replaceChildren(draftParts.length ? K.h('section', { 'aria-labelledby': 'mail-draft-parts' },
      K.h('h3', { id: 'mail-draft-parts' }, 'Pièces jointes déjà enregistrées'),
      K.h('ul', { class: 'plain-list' }, ...draftParts.map((p) => K.h('li', {}, K.h('span', {}, p.name), ' ',
        K.h('span', { class: 'hint' }, `(${K.format.size(p.size)})`), ' ',
        K.button('', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer ${p.name}`, onClick: () => {
          draftParts = draftParts.filter((x) => x.index !== p.index);
          renderParts();
        } }))))) : '');
  };
  renderParts();
  const result = K.liveRegion('assertive');
  const send = K.button('Envoyer', { variant: 'primary', icon: 'mail', type: 'button' });
  const keep = K.button('Enregistrer le brouillon', { variant: 'secondary', icon: 'pencil', type: 'button' });
  const cancel = K.button('Annuler', { variant: 'secondary', onClick: async () => {
    if (to.values().length || body.value() || files.files().length) {
      const sure = await K.confirmDialog(draftUid !== undefined
        ? { title: 'Fermer ce brouillon ?', message: 'Ce que vous avez changé depuis le dernier enregistrement ne sera pas gardé ; le brouillon reste dans « Brouillons ».', confirmLabel: 'Fermer' }
        : { title: 'Abandonner ce message ?', message: 'Ce que vous avez écrit ne sera pas gardé.', confirmLabel: 'Abandonner', danger: true });
      if (!sure) return;
    }
    o.done(false);
  } });

  /** The form as the box expects it, the new files uploaded first; null when something must be fixed. */
  const collect = async (needRecipient: boolean): Promise<SendInput | null> => {
    result.clear();
    to.setError(null);
    cc.setError(null);
    if (!to.commit() || !cc.commit()) return null;
    if (needRecipient && to.values().length === 0) { to.setError('Indiquez au moins un destinataire.'); to.focus(); return null; }
    if (![body.validate(), files.validate()].every(Boolean)) return null;
    const uploads: string[] = [];
    if (files.files().length) {
      const sent = await files.upload(o.uploadApi, (f) => o.api.uploadPath(f.name));
      const failed = sent.filter((r) => !r.ok);
      if (failed.length) { result.show('error', failed.map((r) => r.error ?? `« ${r.file.name} » n’a pas pu être envoyé.`).join(' '), 'Pièces jointes non envoyées'); return null; }
      for (const r of sent) uploads.push((r.answer as Upload).id);
    }
    return messageBody({ to: to.values(), cc: cc.values(), subject: subject.value(), html: body.value(), uploads,
      replyTo: o.replyTo, forward, draft: draftUid, draftParts });
  };
  const recipientProblem = (e: unknown): boolean => {
    const code = problemCode(e);
    if (code === 'recipient-forbidden' || code === 'unknown-recipient' || code === 'invalid-recipient' || code === 'no-recipient') {
      to.setError(problemTitle(e));
      to.focus();
      return true;
    }
    return false;
  };
  send.addEventListener('click', () => {
    void K.withBusy(send, 'Envoi…', async () => {
      const message = await collect(true);
      if (!message) return;
      try {
        const answer = await o.api.send(message);
        if (answer.pending) K.toast('info', answer.message || 'Votre message attend l’accord de votre enseignant.');
        else K.toast('success', 'Message envoyé. Une copie est dans « Envoyés ».');
        o.done(true, answer.pending === true);
      } catch (e) {
        if (!recipientProblem(e)) result.show('error', problemTitle(e), 'Le message n’est pas parti');
      }
    });
  });
  keep.addEventListener('click', () => {
    void K.withBusy(keep, 'Enregistrement…', async () => {
      const draft = await collect(false);
      if (!draft) return;
      try {
        const saved = await o.api.saveDraft(draft);
        // the new files and a forwarded message's attachments are in the draft now
        draftUid = saved.uid;
        draftParts = saved.attachments;
        forward = undefined;
        files.clear();
        renderParts();
        result.show('success', 'Brouillon enregistré dans « Brouillons ». Vous pouvez continuer à écrire ou le finir plus tard.');
      } catch (e) {
        if (!recipientProblem(e)) result.show('error', problemTitle(e), 'Le brouillon n’a pas été enregistré');
      }
    });
  });
  root.replaceChildren(K.h('section', { class: 'mail-compose', 'aria-labelledby': 'mail-compose-title' },
    K.h('h2', { id: 'mail-compose-title' }, o.title),
    to.root, cc.root, subject.root, body.root, partsBox, files.root, result.root,
    K.h('div', { class: 'actions' }, send, keep, cancel)));
  const heading = root.querySelector<HTMLElement>('h2');
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}
