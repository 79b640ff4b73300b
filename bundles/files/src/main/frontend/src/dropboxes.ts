/**
 * « Boîtes de dépôt ». A teacher: their boxes with the count of hand-ins, « Ouvrir une boîte de dépôt » (class or
 * groupe, title, instructions, deadline, a devoir of the cahier when installed); a box: who handed in (late ones
 * marked), each pupil's files, « Tout télécharger (zip) », « Rendre un corrigé » per pupil. A pupil: the boxes of their
 * classes with their deadline and where they stand; a box: the instructions, « Déposer mon travail », their hand-ins
 * (« Retirer » until the deadline) and the corrected files their teacher returned.
 */
import type { FilesApi } from './api.js';
import type { Column } from './kit.js';
import { deadlineText, formatBytes, handInCount, handInState, localToIso, problemMessage, uploadSummary } from './logic.js';
import type { BoxDetail, BoxFile, BoxPupil, DropBox } from './types.js';
import { kit, selectField, submitOnEnter, uid } from './ui.js';

export interface DropBoxesContext {
  api: FilesApi;
  items: DropBox[];
  /** Where the caller may open a box (empty: not a teacher of any class). */
  classes: { id: string; label: string }[];
  link: (path: string) => string;
  focus: boolean;
}

/** « jeudi 20 novembre à 18 h 00 (dans 3 jours) ». */
function when(iso: string): string {
  const K = kit();
  const d = new Date(iso);
  const time = `${d.getHours()} h ${String(d.getMinutes()).padStart(2, '0')}`;
  return `${K.format.day(d)} à ${time} (${deadlineText(iso)})`;
}

function stateBadge(handedIn: boolean, late: boolean, open: boolean): HTMLElement {
  const K = kit();
  const s = handInState(handedIn, late, open);
  return K.h('span', { class: `badge badge-${s.tone}` }, K.icon(s.icon, 16), ' ', s.label);
}

export function dropBoxesScreen(root: HTMLElement, o: DropBoxesContext): () => void {
  const K = kit();
  const { api } = o;
  let live = true;
  let items = o.items;
  const teacher = o.classes.length > 0;
  const headingId = uid('boxes');
  const heading = K.h('h2', { id: headingId, tabindex: '-1' }, K.icon('inbox', 22), ' Boîtes de dépôt');
  const lead = K.h('p', { class: 'lead' }, teacher
    ? 'Ouvrez une boîte pour une classe ou un groupe : chaque élève y dépose son travail et ne voit que le sien. Vous téléchargez tout d’un coup et rendez un corrigé à chacun.'
    : 'Les boîtes de dépôt de vos professeurs : déposez-y votre travail avant la date limite. Vous seul et votre professeur le voyez.');

  const columns: Column<DropBox>[] = [
    {
      key: 'titre', label: 'Boîte', rowHeader: true, sortable: true, value: (b) => b.titre,
      render: (b) => K.h('a', { href: o.link(`depots/${b.id}`), class: 'files-name' }, b.titre),
    },
    { key: 'classe', label: teacher ? 'Classe' : 'Professeur', sortable: true, value: (b) => (teacher ? b.classeLabel : b.enseignant) },
    {
      key: 'echeance', label: 'Date limite', sortable: true, value: (b) => new Date(b.echeance),
      render: (b) => K.h('time', { datetime: b.echeance }, when(b.echeance)),
    },
    {
      key: 'etat', label: teacher ? 'Rendus' : 'Mon travail',
      value: (b) => (b.role === 'ENSEIGNANT' ? (b.rendus ?? 0) : (b.rendu ? 1 : 0)),
      render: (b) => (b.role === 'ENSEIGNANT'
        ? handInCount(b.rendus ?? 0, b.eleves ?? 0, b.enRetardCount ?? 0)
        : K.h('span', {}, stateBadge(Boolean(b.rendu), Boolean(b.enRetard), b.ouverte), b.corrige ? K.h('span', {}, ' · corrigé reçu') : null)),
    },
  ];
  const table = K.dataTable<DropBox>({
    caption: 'Boîtes de dépôt', columns, rows: items, sort: { key: 'echeance', direction: 'descending' },
    empty: teacher ? 'Aucune boîte de dépôt. Ouvrez-en une pour recevoir les devoirs de vos élèves.' : 'Aucune boîte de dépôt pour l’instant : rien à rendre ici.',
    emptyIcon: 'inbox',
  });

  let tools: HTMLElement | null = null;
  if (teacher) {
    const create = K.button('Ouvrir une boîte de dépôt', { variant: 'primary', icon: 'inbox' });
    create.addEventListener('click', async () => {
      const made = await openDialog(api, o.classes);
      if (!made || !live) return;
      try {
        items = (await api.dropBoxes()).items;
        table.setRows(items);
      } catch (e) {
        K.toast('error', problemMessage(e));
      }
      K.toast('success', `La boîte « ${made.titre} » est ouverte pour « ${made.classeLabel} » jusqu’au ${when(made.echeance)}.`);
      root.querySelector<HTMLElement>(`a[href="${CSS.escape(o.link(`depots/${made.id}`))}"]`)?.focus();
    });
    tools = K.h('div', { class: 'actions' }, create);
  }
  root.replaceChildren(K.h('section', { class: 'files-boxes', 'aria-labelledby': headingId }, heading, lead, tools, table.root));
  if (o.focus) heading.focus();
  return () => { live = false; };
}

/** The dialog that opens a box; resolves to the new box, or null when cancelled. */
async function openDialog(api: FilesApi, classes: { id: string; label: string }[]): Promise<DropBox | null> {
  const K = kit();
  const division = selectField({ label: 'Classe ou groupe', name: 'classe', options: classes.map((c) => ({ value: c.id, label: c.label })) });
  const title = K.textField({ label: 'Titre', name: 'titre', required: true, maxlength: 200, hint: 'Par exemple « Rédaction : mon quartier ».' });
  const instrId = uid('consignes');
  const instructions = K.h('textarea', { id: instrId, name: 'consignes', class: 'input', rows: 4, maxlength: 4000 });
  const instrField = K.h('div', { class: 'field' }, K.h('label', { for: instrId, class: 'label' }, 'Consignes (facultatif)'), instructions);
  const dlId = uid('echeance');
  const dlError = K.h('p', { class: 'field-error', id: `${dlId}-error`, hidden: true });
  const deadline = K.h('input', { type: 'datetime-local', id: dlId, name: 'echeance', class: 'input', required: true, 'aria-describedby': `${dlId}-hint` });
  const dlField = K.h('div', { class: 'field' }, K.h('label', { for: dlId, class: 'label' }, 'Date et heure limites'),
    K.h('p', { class: 'hint', id: `${dlId}-hint` }, 'Après, les dépôts restent possibles mais sont marqués « en retard ».'), deadline, dlError);
  const devoirBox = K.h('div', {});
  let devoirSelect: HTMLSelectElement | null = null;
  const loadDevoirs = async () => {
    devoirSelect = null;
    devoirBox.replaceChildren();
    try {
      const r = await api.devoirs(division.select.value);
      if (!r.cahier || r.items.length === 0) return;
      const f = selectField({
        label: 'Devoir du cahier de textes (facultatif)', name: 'devoir',
        options: [{ value: '', label: 'Aucun' }, ...r.items.map((d) => ({ value: d.id, label: `${d.matiere ?? ''} – pour le ${d.pour ? K.format.day(d.pour) : '?'} : ${d.titre ?? ''}` }))],
      });
      devoirSelect = f.select;
      devoirBox.append(f.root);
    } catch {
      // the link is optional: without the cahier's list, the box opens without it
    }
  };
  division.select.addEventListener('change', () => { void loadDevoirs(); });
  void loadDevoirs();
  const status = K.liveRegion('assertive');
  let made: DropBox | null = null;
  const d = K.dialog<string>({
    title: 'Ouvrir une boîte de dépôt',
    body: [division.root, title.root, instrField, dlField, devoirBox, status.root],
    actions: [
      { label: 'Annuler', value: 'cancel', variant: 'secondary' },
      {
        label: 'Ouvrir la boîte', value: 'ok', variant: 'primary', icon: 'inbox',
        onClick: async () => {
          title.setError(null);
          dlError.hidden = true;
          deadline.removeAttribute('aria-invalid');
          if (!title.value().trim()) {
            title.setError('Donnez un titre à la boîte de dépôt.');
            title.input.focus();
            return false;
          }
          const iso = localToIso(deadline.value);
          const wrongDeadline = !iso ? 'Indiquez la date et l’heure limites.' : (new Date(iso) <= new Date() ? 'Cette date est passée : choisissez une date à venir.' : null);
          if (wrongDeadline) {
            dlError.textContent = wrongDeadline;
            dlError.hidden = false;
            deadline.setAttribute('aria-invalid', 'true');
            deadline.setAttribute('aria-describedby', `${dlId}-hint ${dlId}-error`);
            deadline.focus();
            return false;
          }
          try {
            made = await api.openDropBox({
              classe: division.select.value, titre: title.value().trim(), consignes: instructions.value.trim() || undefined,
              echeance: iso!, devoir: devoirSelect?.value || undefined,
            });
            return true;
          } catch (e) {
            status.show('error', problemMessage(e), 'La boîte n’a pas été ouverte');
            return false;
          }
        },
      },
    ],
  });
  submitOnEnter(title, d.root);
  const r = await d.result;
  return r === 'ok' ? made : null;
}

// ——— one box ———

export interface DropBoxContext { api: FilesApi; detail: BoxDetail; link: (path: string) => string; focus: boolean }

export function dropBoxScreen(root: HTMLElement, o: DropBoxContext): () => void {
  const K = kit();
  const { api } = o;
  let live = true;
  let detail = o.detail;
  const box = detail.depot;
  const headingId = uid('box');
  const heading = K.h('h2', { id: headingId, tabindex: '-1' }, K.icon('inbox', 22), ' ', box.titre);
  const back = K.h('p', {}, K.h('a', { class: 'back-link', href: o.link('depots') }, K.icon('arrow-left', 18), 'Toutes les boîtes de dépôt'));
  const facts = K.h('dl', { class: 'files-box-facts' },
    K.h('dt', {}, 'Classe'), K.h('dd', {}, box.classeLabel),
    K.h('dt', {}, 'Professeur'), K.h('dd', {}, box.enseignant),
    K.h('dt', {}, 'Date limite'), K.h('dd', {}, K.h('time', { datetime: box.echeance }, when(box.echeance))),
    box.devoir?.titre ? K.h('dt', {}, 'Devoir') : null,
    box.devoir?.titre ? K.h('dd', {}, `${box.devoir.matiere ?? ''} – ${box.devoir.titre}`) : null);
  const instructions = box.consignes ? K.h('div', { class: 'panel files-box-instructions' }, K.h('h3', {}, 'Consignes'), K.h('p', {}, box.consignes)) : null;
  const body = K.h('div', {});

  const fileLink = (f: BoxFile) => K.h('a', { href: api.fileUrl(f), download: f.nom, class: 'files-name' },
    K.icon('download', 18), ' ', f.nom, K.h('span', { class: 'hint' }, ` (${formatBytes(f.taille)})`));

  async function refresh(): Promise<void> {
    try {
      detail = await api.dropBox(box.id);
      if (!live) return;
      render();
    } catch (e) {
      if (live) K.toast('error', problemMessage(e));
    }
  }

  function render(): void {
    if (box.role === 'ENSEIGNANT') renderTeacher();
    else renderPupil();
  }

  function renderTeacher(): void {
    const d = detail.depot;
    const summary = K.h('p', { class: 'files-box-summary' }, K.h('strong', {}, handInCount(d.rendus ?? 0, d.eleves ?? 0, d.enRetardCount ?? 0)),
      d.corriges ? ` ; ${d.corriges} corrigé${d.corriges > 1 ? 's' : ''} rendu${d.corriges > 1 ? 's' : ''}` : '', '.');
    const zip = K.h('a', { class: 'btn btn-primary', href: api.zipUrl(box.id), download: '' }, K.icon('download', 18),
      K.h('span', {}, 'Tout télécharger (zip)'));
    if (!d.rendus) zip.setAttribute('hidden', '');
    const columns: Column<BoxPupil>[] = [
      { key: 'nom', label: 'Élève', rowHeader: true, sortable: true, value: (p) => p.nom },
      {
        key: 'etat', label: 'État', sortable: true, value: (p) => (p.rendus.length ? (p.enRetard ? 1 : 2) : 0),
        render: (p) => stateBadge(p.rendus.length > 0, p.enRetard, d.ouverte),
      },
      {
        key: 'rendus', label: 'Travail rendu',
        render: (p) => (p.rendus.length ? K.h('ul', { class: 'files-box-files' }, ...p.rendus.map((f) => K.h('li', {}, fileLink(f),
          f.enRetard ? K.h('span', { class: 'hint' }, ` – en retard, ${K.format.relative(new Date(f.depose))}`) : null))) : '—'),
      },
      {
        key: 'corriges', label: 'Corrigé',
        render: (p) => {
          const give = K.button(p.corriges.length ? 'Rendre un autre corrigé' : 'Rendre un corrigé', { variant: 'secondary', icon: 'upload', ariaLabel: `Rendre un corrigé à ${p.nom}` });
          give.addEventListener('click', () => { void returnCorrected(p); });
          return K.h('div', {}, p.corriges.length ? K.h('ul', { class: 'files-box-files' }, ...p.corriges.map((f) => K.h('li', {}, fileLink(f)))) : null, give);
        },
      },
    ];
    const table = K.dataTable<BoxPupil>({ caption: `Élèves : ${d.classeLabel}`, columns, rows: detail.eleves ?? [], empty: 'Aucun élève dans cette classe.', emptyIcon: 'users' });
    body.replaceChildren(summary, K.h('div', { class: 'actions' }, zip), table.root);
  }

  async function returnCorrected(p: BoxPupil): Promise<void> {
    const picker = K.filePicker({ label: 'Corrigé', name: 'corrige', multiple: false, maxFiles: 1, required: true, hint: `Il sera visible par ${p.nom} seulement.` });
    let sent = false;
    const d = K.dialog<string>({
      title: `Rendre un corrigé à ${p.nom}`, body: [picker.root],
      actions: [
        { label: 'Annuler', value: 'cancel', variant: 'secondary' },
        {
          label: 'Envoyer le corrigé', value: 'ok', variant: 'primary', icon: 'upload',
          onClick: async () => {
            if (!picker.validate()) return false;
            const results = await picker.upload(api.client, (f: File) => api.correctedPath(box.id, p.id, f));
            const s = uploadSummary(results);
            if (s.failures.length) { picker.setError(s.failures.join(' ')); return false; }
            sent = true;
            return true;
          },
        },
      ],
    });
    await d.result;
    if (sent) {
      await refresh();
      K.toast('success', `Le corrigé est rendu à ${p.nom}.`);
    }
  }

  function renderPupil(): void {
    const d = detail.depot;
    const mine = detail.mesRendus ?? [];
    const state = K.h('p', { class: 'files-box-summary' }, K.h('strong', {}, 'Mon travail : '), stateBadge(mine.length > 0, Boolean(d.enRetard), d.ouverte));
    const lateNote = !d.ouverte ? K.alert('warning', 'La date limite est passée : vous pouvez encore déposer, mais votre travail sera marqué « en retard ».', 'En retard') : null;
    const picker = K.filePicker({ label: 'Mon travail', name: 'rendu', multiple: true, maxFiles: 10, required: true, hint: 'Seul votre professeur le verra.' });
    const outcome = K.h('div', { class: 'live', role: 'status' });
    const send = K.button('Déposer mon travail', { variant: 'primary', icon: 'upload' });
    send.addEventListener('click', () => {
      outcome.replaceChildren();
      if (picker.files().length === 0) { picker.setError('Choisissez d’abord votre fichier, ou déposez-le dans la zone.'); return; }
      void K.withBusy(send, 'Envoi en cours…', async () => {
        const results = await picker.upload(api.client, (f: File) => api.handInPath(box.id, f));
        if (!live) return;
        const s = uploadSummary(results);
        picker.clear();
        outcome.replaceChildren(K.alert(s.kind, s.failures.length ? K.h('ul', {}, ...s.failures.map((f) => K.h('li', {}, f))) : s.message,
          s.failures.length ? s.message : undefined));
        await refresh();
      });
    });
    const uploadId = uid('handin');
    const upload = K.h('section', { class: 'panel', 'aria-labelledby': uploadId }, K.h('h3', { id: uploadId }, 'Déposer mon travail'), lateNote, picker.root,
      K.h('div', { class: 'actions' }, send), outcome);
    const mineId = uid('mine');
    const list = mine.length === 0 ? K.emptyState('Vous n’avez encore rien déposé.', 'inbox')
      : K.h('ul', { class: 'files-box-files' }, ...mine.map((f) => {
        const parts: (HTMLElement | string | null)[] = [fileLink(f), ` – déposé ${K.format.relative(new Date(f.depose))}`, f.enRetard ? ' (en retard)' : null];
        if (d.ouverte) {
          const remove = K.button('Retirer', { variant: 'ghost', icon: 'x', ariaLabel: `Retirer ${f.nom}` });
          remove.addEventListener('click', async () => {
            const ok = await K.confirmDialog({ title: `Retirer « ${f.nom} » ?`, message: 'Votre professeur ne le verra plus. Vous pourrez déposer un autre fichier.', confirmLabel: 'Retirer', danger: true });
            if (!ok) return;
            try {
              await api.withdraw(box.id, f.id);
              K.toast('success', `« ${f.nom} » est retiré.`);
              await refresh();
            } catch (e) {
              K.toast('error', problemMessage(e));
            }
          });
          parts.push(' ', remove);
        }
        return K.h('li', {}, ...parts);
      }));
    const correctedId = uid('corrected');
    const corrected = (detail.corriges ?? []).length === 0 ? K.h('p', { class: 'hint' }, 'Pas encore de corrigé.')
      : K.h('ul', { class: 'files-box-files' }, ...(detail.corriges ?? []).map((f) => K.h('li', {}, fileLink(f))));
    body.replaceChildren(state, upload,
      K.h('section', { 'aria-labelledby': mineId }, K.h('h3', { id: mineId }, 'Ce que j’ai déposé'), list),
      K.h('section', { 'aria-labelledby': correctedId }, K.h('h3', { id: correctedId }, 'Corrigé de mon professeur'), corrected));
  }

  render();
  root.replaceChildren(K.h('section', { class: 'files-box', 'aria-labelledby': headingId }, back, heading, facts, instructions, body));
  if (o.focus) heading.focus();
  return () => { live = false; };
}
