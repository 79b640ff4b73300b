/**
 * The teacher's screens: « Ma semaine » (their séances, filtered by class or groupe, with edit,
 * delete, copy and corrections), « Nouvelle séance » (the form, also used to edit), « Charge de
 * travail » (a class's devoirs day by day) and « Reprendre une progression ».
 */
import type { CahierApi } from './api.js';
import { problemCode, problemTitle } from './api.js';
import type { DatePicker, RichTextEditor } from './kit.js';
import type { CahierContext, Devoir, Seance } from './types.js';
import {
  addDays, byStart, chargeSummary, chargeWarnings, checkProgression, checkSeance, formFromSeance, matieresFor,
  mondayOf, plural, seanceBody, taughtDivisions, schoolToday, toInstant, weekDays, type SeanceForm,
} from './logic.js';
import { checkbox, devoirBlock, kit, loadInto, seancesByDay, selectField, tabs, weekNav, type Tab } from './ui.js';

export interface TeacherOptions { api: CahierApi; ctx: CahierContext; today?: string; uploadApi: unknown }

export function teacherScreen(root: HTMLElement, o: TeacherOptions): () => void {
  const K = kit();
  const today = o.today ?? schoolToday();
  const divisions = taughtDivisions(o.ctx.teachings);
  const divisionOptions = divisions.map((d) => ({ value: d.id, label: d.label }));
  let editing: Seance | null = null;
  let weekMonday = mondayOf(today);
  let weekFilter = '';

  const amend = async (what: 'seances' | 'devoirs', id: string) => {
    const text = K.h('textarea', { id: `rectif-${what}-${id}`, name: 'texte', class: 'input', rows: 4, required: true, 'aria-required': 'true' });
    const error = K.h('p', { class: 'field-error', id: `rectif-${what}-${id}-error`, hidden: true });
    const d = K.dialog<boolean>({
      title: 'Ajouter un rectificatif',
      body: [K.h('p', {}, 'Cette séance a reçu le visa de la direction : elle ne peut plus être modifiée. Votre rectificatif s’affichera sous elle, daté et signé.'),
        K.h('div', { class: 'field' }, K.h('label', { class: 'label', for: text.id }, 'Texte du rectificatif'), text, error)],
      actions: [{ label: 'Annuler', value: false, variant: 'secondary' }, { label: 'Ajouter le rectificatif', value: true, onClick: async () => {
        if (!text.value.trim()) {
          error.textContent = 'Écrivez le rectificatif.'; error.hidden = false;
          text.setAttribute('aria-invalid', 'true'); text.setAttribute('aria-describedby', error.id);
          return false;
        }
        try { await o.api.amend(what, id, text.value.trim()); return true; } catch (e) { error.textContent = problemTitle(e); error.hidden = false; return false; }
      } }],
    });
    if (await d.result) { K.toast('success', 'Rectificatif ajouté.'); t.show('semaine'); }
  };

  const copyDialog = async (s: Seance) => {
    const classe = selectField({ label: 'Classe ou groupe', name: 'copie-classe', options: divisionOptions.filter((x) => matieresFor(o.ctx.teachings, x.value).some((m) => m.code === s.matiereCode)), required: true });
    const when = K.datePicker({ label: 'Date de la séance', name: 'copie-date', required: true, time: 'slot', start: s.debut, end: s.fin, min: o.ctx.schoolYear?.start, max: o.ctx.schoolYear?.end });
    const d = K.dialog<boolean>({
      title: 'Copier la séance dans une autre classe',
      body: [K.h('p', {}, `« ${s.titre} » (${s.classe}) sera copiée avec ses devoirs, décalés du même nombre de jours.`), classe.root, when.root],
      actions: [{ label: 'Annuler', value: false, variant: 'secondary' }, { label: 'Copier la séance', value: true, onClick: async () => {
        classe.setError(classe.value() ? null : 'Choisissez la classe.');
        if (!classe.value() || !when.validate()) return false;
        if (!when.start() || !when.end()) { when.setError('Indiquez l’heure de début et l’heure de fin.'); return false; }
        try { await o.api.copySeance(s.id, { classe: classe.value(), date: when.value(), debut: when.start(), fin: when.end() }); return true; } catch (e) { when.setError(problemTitle(e)); return false; }
      } }],
    });
    if (await d.result) { K.toast('success', 'Séance copiée.'); t.show('semaine'); }
  };

  const remove = async (s: Seance) => {
    if (!(await K.confirmDialog({ title: 'Supprimer cette séance ?', message: `« ${s.titre} » du ${K.format.day(s.date)} et ses devoirs seront supprimés.`, confirmLabel: 'Supprimer la séance', danger: true }))) return;
    try { await o.api.deleteSeance(s.id); K.toast('success', 'Séance supprimée.'); t.show('semaine'); } catch (e) { K.toast('error', problemTitle(e)); }
  };

  const seanceActions = (s: Seance) => {
    if (!s.mine) return [];
    const copy = K.button('Copier vers une classe', { variant: 'ghost', icon: 'folder-open', ariaLabel: `Copier « ${s.titre} » vers une autre classe`, onClick: () => void copyDialog(s) });
    if (s.locked || !s.editable) {
      return [K.button('Ajouter un rectificatif', { variant: 'secondary', icon: 'pen-line', ariaLabel: `Ajouter un rectificatif à « ${s.titre} »`, onClick: () => void amend('seances', s.id) }), copy];
    }
    return [
      K.button('Modifier', { variant: 'secondary', icon: 'pen-line', ariaLabel: `Modifier « ${s.titre} »`, onClick: () => { editing = s; t.show('nouvelle', true); } }),
      copy,
      K.button('Supprimer', { variant: 'danger', icon: 'trash', ariaLabel: `Supprimer « ${s.titre} »`, onClick: () => void remove(s) }),
    ];
  };
  const devoirActions = (d: Devoir) => (d.mine && d.locked
    ? [K.button('Ajouter un rectificatif au devoir', { variant: 'ghost', icon: 'pen-line', onClick: () => void amend('devoirs', d.id) })] : []);

  const weekTab: Tab = {
    id: 'semaine', label: 'Ma semaine', icon: 'calendar-days',
    render(panel) {
      const filter = selectField({ label: 'Classe ou groupe', name: 'filtre-classe', options: divisionOptions, placeholder: 'Toutes mes classes', value: weekFilter });
      const colleagues = checkbox('Voir aussi les séances de mes collègues dans mes classes', 'collegues');
      const list = K.h('div', { class: 'cahier-list' });
      const nav = weekNav('Changer de semaine', (delta) => { weekMonday = delta === 0 ? mondayOf(today) : addDays(weekMonday, 7 * delta); load(); });
      const load = () => {
        nav.set(`Semaine du ${K.format.day(weekMonday)}`);
        loadInto(list, () => o.api.seances(weekMonday, addDays(weekMonday, 6), weekFilter || undefined), ({ items }) => {
          // the box answers every séance of the teacher's classes; « Ma semaine » keeps the teacher's own
          const seances = items.filter((s) => s.mine || colleagues.input.checked).sort(byStart);
          return seancesByDay(weekDays(weekMonday, seances.map((s) => s.date)), seances, { actions: seanceActions, devoirActions },
            'Aucune séance cette semaine. Ajoutez-en une avec « Nouvelle séance ».');
        });
      };
      filter.select.addEventListener('change', () => { weekFilter = filter.value(); load(); });
      colleagues.input.addEventListener('change', load);
      panel.append(K.h('h2', {}, 'Ma semaine'),
        K.h('div', { class: 'actions' }, K.button('Nouvelle séance', { icon: 'notebook-pen', onClick: () => { editing = null; t.show('nouvelle', true); } })),
        K.h('div', { class: 'filters' }, filter.root, colleagues.root), nav.root, list);
      load();
    },
  };

  const formTab: Tab = {
    id: 'nouvelle', label: 'Nouvelle séance', icon: 'notebook-pen',
    render(panel) {
      const seance = editing;
      editing = null;
      const init: SeanceForm | null = seance ? formFromSeance(seance) : null;
      const live = K.liveRegion('assertive');
      const classe = selectField({ label: 'Classe ou groupe', name: 'classe', options: divisionOptions, placeholder: 'Choisir…', required: true, value: init?.classe ?? (divisions.length === 1 ? divisions[0]!.id : '') });
      const matiere = selectField({ label: 'Matière', name: 'matiere', options: [], placeholder: 'Choisir…', required: true });
      const fillMatieres = () => {
        const ms = matieresFor(o.ctx.teachings, classe.value()).map((m) => ({ value: m.code, label: m.label }));
        matiere.setOptions(ms);
        if (ms.length === 1) matiere.select.value = ms[0]!.value;
      };
      fillMatieres();
      if (init) matiere.select.value = init.matiere;
      const kind = selectField({ label: 'Type d’entrée', name: 'kind', options: [{ value: 'SEANCE', label: 'Séance du cahier de textes' }, { value: 'JOURNAL', label: 'Cahier journal (1er degré)' }], value: init?.kind ?? 'SEANCE', required: true });
      const when = K.datePicker({ label: 'Date de la séance', name: 'date', required: true, time: 'slot', value: init?.date ?? today, start: init?.debut, end: init?.fin, min: o.ctx.schoolYear?.start, max: o.ctx.schoolYear?.end });
      const slots = selectField({ label: 'Créneau de l’emploi du temps', name: 'creneau', options: [], placeholder: 'Choisir un créneau…' });
      slots.root.hidden = true;
      slots.select.addEventListener('change', () => {
        const [debut, fin] = slots.value().split('-');
        if (debut && fin && when.startInput && when.endInput) {
          when.startInput.value = debut; when.endInput.value = fin;
          when.startInput.dispatchEvent(new Event('input', { bubbles: true }));
        }
      });
      const loadSlots = async () => {
        if (!classe.value() || !when.value()) { slots.root.hidden = true; return; }
        try {
          const { items } = await o.api.creneaux(classe.value(), when.value());
          slots.setOptions(items.map((c) => ({ value: `${c.debut}-${c.fin}`, label: `${c.label} (${K.format.slot(c.debut, c.fin)})` })));
          slots.root.hidden = items.length === 0;
        } catch { slots.root.hidden = true; }
      };
      const titre = K.textField({ label: 'Titre', name: 'titre', required: true, value: init?.titre, maxlength: 200, hint: 'Par exemple « Les fractions : additions ».' });
      const contenu = K.richTextEditor({ label: 'Contenu de la séance', name: 'contenu', value: init?.contenu, maxLength: 10000 });
      // links
      const linkRows = K.h('div', { class: 'cahier-links' });
      const links: { url: ReturnType<typeof K.textField>; label: ReturnType<typeof K.textField>; row: HTMLElement }[] = [];
      const addLink = (url = '', label = '') => {
        const n = links.length + 1;
        const u = K.textField({ label: `Adresse du lien ${n}`, name: `lien-${n}`, value: url, inputmode: 'url', hint: 'Elle commence par https://' });
        const l = K.textField({ label: `Texte du lien ${n}`, name: `lien-texte-${n}`, value: label });
        const entry = { url: u, label: l, row: K.h('fieldset', { class: 'card' }, K.h('legend', {}, `Lien ${n}`), u.root, l.root) };
        entry.row.append(K.button('Retirer ce lien', { variant: 'ghost', icon: 'x', onClick: () => { links.splice(links.indexOf(entry), 1); entry.row.remove(); } }));
        links.push(entry);
        linkRows.append(entry.row);
        return entry;
      };
      for (const l of init?.liens ?? []) addLink(l.url, l.label);
      // attachments
      const existing = K.h('ul', { class: 'plain-list' });
      for (const p of seance?.pieces ?? []) {
        const li = K.h('li', {}, K.h('a', { href: p.url, download: p.name }, p.name), ` (${K.format.size(p.size)}) `,
          K.button('Retirer', { variant: 'ghost', icon: 'trash', ariaLabel: `Retirer la pièce jointe ${p.name}`, onClick: async () => {
            if (!(await K.confirmDialog({ title: 'Retirer cette pièce jointe ?', message: `« ${p.name} » ne sera plus proposée aux élèves.`, confirmLabel: 'Retirer', danger: true }))) return;
            try { await o.api.deletePiece(p.id); li.remove(); K.toast('success', 'Pièce jointe retirée.'); } catch (e) { K.toast('error', problemTitle(e)); }
          } }));
        existing.append(li);
      }
      const files = K.filePicker({ label: 'Pièces jointes', name: 'pieces', multiple: true, maxSize: 20 * 1024 * 1024, maxFiles: 10 });
      // publication
      const pubInit = init?.publishDate ? { value: init.publishDate, start: init.publishTime } : {};
      const publish = K.datePicker({ label: 'Publier le', name: 'publication', time: 'time', hint: 'Laissez vide pour publier tout de suite. Les élèves et les parents verront la séance et ses devoirs à partir de ce moment.', ...pubInit });
      // devoirs
      const devoirList = K.h('div', { class: 'cahier-devoirs-form' });
      interface DevoirRow { key: string; id?: string; pour: DatePicker; kind: ReturnType<typeof selectField>; instructions: RichTextEditor; minutes: ReturnType<typeof K.textField>; rendu: HTMLInputElement; publish: DatePicker; row: HTMLElement }
      const devoirs: DevoirRow[] = [];
      let keySeq = 0;
      const addDevoir = (d?: { id?: string; pour: string; kind: string; instructions: string; minutes?: number | null; rendu?: boolean; publishDate?: string; publishTime?: string }) => {
        const key = `n${++keySeq}`;
        const n = devoirs.length + 1;
        const pour = K.datePicker({ label: 'Pour le', name: `devoir-${key}-pour`, required: true, value: d?.pour, min: when.value() || undefined });
        const kindSel = selectField({ label: 'Type de devoir', name: `devoir-${key}-kind`, required: true, options: o.ctx.kinds.map((k) => ({ value: k.code, label: k.label })), value: d?.kind ?? 'MAISON' });
        const instructions = K.richTextEditor({ label: 'Consigne', name: `devoir-${key}-instructions`, required: true, value: d?.instructions, maxLength: 5000 });
        const minutes = K.textField({ label: 'Temps estimé, en minutes', name: `devoir-${key}-minutes`, inputmode: 'numeric', value: d?.minutes ? String(d.minutes) : '' });
        const rendu = checkbox('À rendre', `devoir-${key}-rendu`, Boolean(d?.rendu));
        const devoirPublish = K.datePicker({ label: 'Publier ce devoir le', name: `devoir-${key}-publish`, time: 'time',
          hint: 'Laissez vide : le devoir paraît avec la séance. Sinon il paraît plus tard, par exemple après le cours.',
          ...(d?.publishDate ? { value: d.publishDate, start: d.publishTime } : {}) });
        const charge = K.h('div', { class: 'cahier-charge', 'aria-live': 'polite' });
        const row = K.h('fieldset', { class: 'card cahier-devoir-form' }, K.h('legend', {}, `Devoir ${n}`), pour.root, charge, kindSel.root, instructions.root, minutes.root, rendu.root, devoirPublish.root);
        const entry: DevoirRow = { key, id: d?.id, pour, kind: kindSel, instructions, minutes, rendu: rendu.input, publish: devoirPublish, row };
        row.append(K.button('Retirer ce devoir', { variant: 'ghost', icon: 'x', onClick: () => { devoirs.splice(devoirs.indexOf(entry), 1); row.remove(); } }));
        const showCharge = async () => {
          const day = pour.value();
          if (!day || !classe.value()) { charge.replaceChildren(); return; }
          try {
            const c = await o.api.charge(classe.value(), day, day);
            const info = c.days.find((x) => x.date === day);
            const others = info ? { ...info, devoirs: info.devoirs.filter((x) => x.id !== entry.id) } : undefined;
            const warnings = chargeWarnings(info, c.max);
            charge.replaceChildren(warnings.length
              ? K.alert('warning', K.h('div', {}, K.h('p', {}, chargeSummary(info, c.max)), K.h('ul', {}, ...warnings.map((w) => K.h('li', {}, w)))), 'Charge de travail de la classe')
              : K.alert('info', chargeSummary(info, c.max)));
            void others;
          } catch (e) { charge.replaceChildren(K.alert('info', `La charge de travail de la classe n’a pas pu être vérifiée : ${problemTitle(e)}`)); }
        };
        pour.input.addEventListener('change', () => void showCharge());
        devoirs.push(entry);
        devoirList.append(row);
        if (d?.pour) void showCharge();
        return entry;
      };
      for (const d of init?.devoirs ?? []) addDevoir(d);

      classe.select.addEventListener('change', () => { fillMatieres(); void loadSlots(); });
      when.input.addEventListener('change', () => { void loadSlots(); for (const d of devoirs) d.pour.input.min = when.value(); });
      void loadSlots();

      const save = K.button(seance ? 'Enregistrer les modifications' : 'Enregistrer la séance', { type: 'submit', icon: 'circle-check' });
      const form = K.h('form', { class: 'form', novalidate: true },
        classe.root, matiere.root, kind.root, when.root, slots.root, titre.root, contenu.root,
        K.h('h3', {}, 'Liens'), linkRows, K.h('div', { class: 'actions' }, K.button('Ajouter un lien', { variant: 'secondary', icon: 'link', onClick: () => addLink().url.input.focus() })),
        K.h('h3', {}, 'Pièces jointes'), existing, files.root,
        K.h('h3', {}, 'Devoirs'), devoirList,
        K.h('div', { class: 'actions' }, K.button('Ajouter un devoir', { variant: 'secondary', icon: 'clipboard-list', onClick: () => addDevoir({ pour: '', kind: 'MAISON', instructions: '' }).pour.input.focus() })),
        K.h('h3', {}, 'Publication'), publish.root,
        live.root,
        K.h('div', { class: 'actions' }, save, K.button('Annuler', { variant: 'ghost', onClick: () => t.show('semaine', true) })));

      const fields: Record<string, { setError(m: string | null): void }> = {
        classe, matiere, date: when, titre, publish,
      };
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        void K.withBusy(save, 'Enregistrement…', async () => {
          live.clear();
          const f: SeanceForm = {
            classe: classe.value(), matiere: matiere.value(), kind: kind.value(), date: when.value(), debut: when.start(), fin: when.end(),
            titre: titre.value(), contenu: contenu.value(),
            liens: links.map((l) => ({ url: l.url.value(), label: l.label.value() })),
            publishDate: publish.value(), publishTime: publish.start(),
            devoirs: devoirs.map((d) => ({ key: d.key, id: d.id, pour: d.pour.value(), kind: d.kind.value(), instructions: d.instructions.value(),
              minutes: d.minutes.value().trim() ? Number(d.minutes.value().trim()) : null, rendu: d.rendu.checked,
              publishDate: d.publish.value(), publishTime: d.publish.start() })),
          };
          for (const x of Object.values(fields)) x.setError(null);
          links.forEach((l) => l.url.setError(null));
          for (const d of devoirs) { d.pour.setError(null); d.kind.setError(null); d.instructions.setError(null); d.minutes.setError(null); }
          const problems = checkSeance(f);
          const fileOk = files.validate() && contenu.validate();
          for (const p of problems) {
            const m = /^lien-(\d+)$/.exec(p.field);
            const dv = /^devoir-(n\d+)-(pour|kind|instructions|minutes|publish)$/.exec(p.field);
            if (m) links[Number(m[1])]?.url.setError(p.message);
            else if (dv) {
              const row = devoirs.find((d) => d.key === dv[1]);
              if (row) ({ pour: row.pour, kind: row.kind, instructions: row.instructions, minutes: row.minutes, publish: row.publish })[dv[2] as 'pour'].setError(p.message);
            } else fields[p.field]?.setError(p.message);
          }
          if (problems.length || !fileOk) {
            live.show('error', problems.length ? `${plural(problems.length, 'point est', 'points sont')} à corriger : ${problems[0]!.message}` : 'Vérifiez les pièces jointes et le contenu.', 'La séance n’est pas encore enregistrée');
            const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
            first?.focus();
            return;
          }
          let saved: Seance;
          try {
            saved = seance ? await o.api.updateSeance(seance.id, seanceBody(f)) : await o.api.createSeance(seanceBody(f));
          } catch (e) {
            const code = problemCode(e);
            const target = code === 'outside-school-year' ? when : code === 'unknown-classe' ? classe : code === 'unknown-matiere' ? matiere : null;
            target?.setError(problemTitle(e));
            live.show('error', problemTitle(e), code === 'visa-locked' ? 'Cette séance a reçu un visa' : 'La séance n’a pas été enregistrée');
            return;
          }
          if (files.files().length) {
            // the box takes each file as the raw body, its name in `nom` (not multipart: see the report)
            const results = await files.upload(o.uploadApi, (file: File) => o.api.piecePath(saved.id, file.name));
            const failed = results.filter((r) => !r.ok);
            if (failed.length) {
              K.toast('warning', `La séance est enregistrée, mais ${plural(failed.length, 'pièce jointe n’a', 'pièces jointes n’ont')} pas été envoyée${failed.length > 1 ? 's' : ''} : ${failed[0]!.error ?? ''}`);
            }
          }
          K.toast('success', seance ? 'Séance modifiée.' : 'Séance enregistrée.');
          weekMonday = mondayOf(saved.date);
          t.show('semaine', true);
        });
      });
      panel.append(K.h('h2', {}, seance ? `Modifier la séance « ${seance.titre} »` : 'Nouvelle séance'),
        K.h('p', { class: 'hint' }, 'Les champs marqués « facultatif » peuvent rester vides.'), form);
    },
  };

  const devoirTab: Tab = {
    id: 'devoir', label: 'Devoir seul', icon: 'clipboard-list',
    render(panel) {
      const live = K.liveRegion('assertive');
      const classe = selectField({ label: 'Classe ou groupe', name: 'seul-classe', options: divisionOptions, placeholder: 'Choisir…', required: true, value: divisions.length === 1 ? divisions[0]!.id : '' });
      const matiere = selectField({ label: 'Matière', name: 'seul-matiere', options: [], placeholder: 'Choisir…', required: true });
      const fillMatieres = () => {
        const ms = matieresFor(o.ctx.teachings, classe.value()).map((m) => ({ value: m.code, label: m.label }));
        matiere.setOptions(ms);
        if (ms.length === 1) matiere.select.value = ms[0]!.value;
      };
      fillMatieres();
      classe.select.addEventListener('change', fillMatieres);
      const pour = K.datePicker({ label: 'Pour le', name: 'seul-pour', required: true, min: today, max: o.ctx.schoolYear?.end });
      const kindSel = selectField({ label: 'Type de devoir', name: 'seul-kind', required: true, options: o.ctx.kinds.map((k) => ({ value: k.code, label: k.label })), value: 'MAISON' });
      const instructions = K.richTextEditor({ label: 'Consigne', name: 'seul-instructions', required: true, maxLength: 5000 });
      const minutes = K.textField({ label: 'Temps estimé, en minutes', name: 'seul-minutes', inputmode: 'numeric', hint: 'Facultatif.' });
      const rendu = checkbox('À rendre', 'seul-rendu', false);
      const publish = K.datePicker({ label: 'Publier le', name: 'seul-publication', time: 'time', hint: 'Laissez vide pour publier tout de suite.' });
      const charge = K.h('div', { class: 'cahier-charge', 'aria-live': 'polite' });
      pour.input.addEventListener('change', async () => {
        const day = pour.value();
        if (!day || !classe.value()) { charge.replaceChildren(); return; }
        try {
          const c = await o.api.charge(classe.value(), day, day);
          const info = c.days.find((x) => x.date === day);
          const warnings = chargeWarnings(info, c.max);
          charge.replaceChildren(warnings.length
            ? K.alert('warning', K.h('div', {}, K.h('p', {}, chargeSummary(info, c.max)), K.h('ul', {}, ...warnings.map((w) => K.h('li', {}, w)))), 'Charge de travail de la classe')
            : K.alert('info', chargeSummary(info, c.max)));
        } catch (e) { charge.replaceChildren(K.alert('info', `La charge de travail de la classe n’a pas pu être vérifiée : ${problemTitle(e)}`)); }
      });
      const save = K.button('Enregistrer le devoir', { type: 'submit', icon: 'circle-check' });
      const form = K.h('form', { class: 'form', novalidate: true }, classe.root, matiere.root, pour.root, charge, kindSel.root, instructions.root,
        minutes.root, rendu.root, K.h('h3', {}, 'Publication'), publish.root, live.root, K.h('div', { class: 'actions' }, save));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        void K.withBusy(save, 'Enregistrement…', async () => {
          live.clear();
          classe.setError(classe.value() ? null : 'Choisissez la classe ou le groupe.');
          matiere.setError(matiere.value() ? null : 'Choisissez la matière.');
          const m = minutes.value().trim();
          minutes.setError(m && !/^\d{1,3}$/.test(m) ? 'Indiquez un nombre de minutes (par exemple 30).' : null);
          const ok = [Boolean(classe.value()), Boolean(matiere.value()), pour.validate(), instructions.validate(), !(m && !/^\d{1,3}$/.test(m))].every(Boolean);
          if (!instructions.value()) instructions.setError('Écrivez la consigne du devoir.');
          if (!ok || !instructions.value()) {
            live.show('error', 'Corrigez les champs signalés.', 'Le devoir n’est pas encore enregistré');
            form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
            return;
          }
          const publishAt = toInstant(publish.value(), publish.start());
          try {
            await o.api.createDevoir({ classe: classe.value(), matiere: matiere.value(), pour: pour.value(), kind: kindSel.value(),
              instructions: instructions.value(), minutes: m ? Number(m) : null, rendu: rendu.input.checked, ...(publishAt ? { publishAt } : {}) });
          } catch (e) {
            const code = problemCode(e);
            (code === 'outside-school-year' ? pour : code === 'unknown-matiere' ? matiere : code === 'unknown-classe' ? classe : null)?.setError(problemTitle(e));
            live.show('error', problemTitle(e), 'Le devoir n’a pas été enregistré');
            return;
          }
          K.toast('success', 'Devoir enregistré.');
          t.show('charge', true);
        });
      });
      panel.append(K.h('h2', {}, 'Donner un devoir sans séance'),
        K.h('p', { class: 'lead' }, 'Un devoir qui ne suit pas une séance précise : il apparaît dans « À faire » des élèves de la classe à la date de publication.'), form);
    },
  };

  const chargeTab: Tab = {
    id: 'charge', label: 'Charge de travail', icon: 'bar-chart',
    render(panel) {
      let monday = mondayOf(today);
      const allDivisions = [...divisions, ...o.ctx.divisions.filter((d) => !divisions.some((x) => x.id === d.id))];
      const filter = selectField({ label: 'Classe ou groupe', name: 'charge-classe', options: allDivisions.map((d) => ({ value: d.id, label: d.label })), value: allDivisions[0]?.id, required: true });
      const list = K.h('div', { class: 'cahier-list' });
      const nav = weekNav('Changer de semaine', (delta) => { monday = delta === 0 ? mondayOf(today) : addDays(monday, 7 * delta); load(); });
      const load = () => {
        nav.set(`Semaine du ${K.format.day(monday)}`);
        if (!filter.value()) { list.replaceChildren(K.emptyState('Vous n’avez pas encore de classe.', 'users')); return; }
        loadInto(list, () => o.api.charge(filter.value(), monday, addDays(monday, 6)), (c) => {
          const days = weekDays(monday, c.days.filter((d) => d.count > 0).map((d) => d.date));
          return days.map((day) => {
            const info = c.days.find((x) => x.date === day);
            const warnings = chargeWarnings(info, c.max);
            return K.h('section', { class: 'cahier-day', 'aria-label': K.format.day(day) },
              K.h('h3', {}, `${K.format.day(day)} : ${plural(info?.count ?? 0, 'devoir', 'devoirs')}${info?.surTable ? `, dont ${plural(info.surTable, 'sur table', 'sur table')}` : ''}`),
              warnings.length ? K.alert('warning', K.h('ul', {}, ...warnings.map((w) => K.h('li', {}, w)))) : null,
              ...(info?.devoirs ?? []).map((d) => devoirBlock(d, { withSubject: true })));
          });
        });
      };
      filter.select.addEventListener('change', load);
      panel.append(K.h('h2', {}, 'Charge de travail'),
        K.h('p', { class: 'lead' }, `Les devoirs de la classe, jour par jour, toutes matières confondues (au plus ${o.ctx.maxDevoirsParJour} par jour conseillés).`),
        K.h('div', { class: 'filters' }, filter.root), nav.root, list);
      load();
    },
  };

  const progressionTab: Tab = {
    id: 'progression', label: 'Reprendre une progression', icon: 'refresh-cw',
    render(panel) {
      const current = [...divisions, ...o.ctx.divisions.filter((d) => !divisions.some((x) => x.id === d.id))];
      const sources = [...(o.ctx.progressions ?? []), ...current.filter((d) => !(o.ctx.progressions ?? []).some((x) => x.id === d.id))];
      const source = selectField({ label: 'Classe d’origine', name: 'source', required: true, placeholder: 'Choisir…', options: sources.map((d) => ({ value: d.id, label: d.label })), hint: 'La classe dont vous reprenez vos séances (par exemple celle de l’an dernier).' });
      const from = K.datePicker({ label: 'Du', name: 'progression-du', required: true });
      const to = K.datePicker({ label: 'Au', name: 'progression-au', required: true });
      const cible = selectField({ label: 'Classe qui reçoit les séances', name: 'cible', required: true, placeholder: 'Choisir…', options: divisionOptions });
      const debut = K.datePicker({ label: 'Première séance le', name: 'progression-debut', required: true, hint: 'La première séance reprise tombera ce jour-là ; les suivantes gardent leur écart.', min: o.ctx.schoolYear?.start, max: o.ctx.schoolYear?.end });
      const live = K.liveRegion('polite');
      const go = K.button('Reprendre les séances', { type: 'submit', icon: 'refresh-cw' });
      const form = K.h('form', { class: 'form', novalidate: true }, source.root, from.root, to.root, cible.root, debut.root, live.root, K.h('div', { class: 'actions' }, go));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const f = { source: source.value(), from: from.value(), to: to.value(), cible: cible.value(), debut: debut.value() };
        const fields: Record<string, { setError(m: string | null): void }> = { source, from, to, cible, debut };
        for (const x of Object.values(fields)) x.setError(null);
        const problems = checkProgression(f);
        for (const p of problems) fields[p.field]?.setError(p.message);
        if (problems.length) { form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(); return; }
        void K.withBusy(go, 'Copie en cours…', async () => {
          try {
            const { count } = await o.api.copyProgression(f);
            live.show('success', count === 0 ? 'Aucune séance à reprendre entre ces dates.' : `${plural(count, 'séance reprise', 'séances reprises')}. Relisez-les et ajustez-les dans « Ma semaine ».`);
          } catch (e) { live.show('error', problemTitle(e), 'La progression n’a pas été reprise'); }
        });
      });
      panel.append(K.h('h2', {}, 'Reprendre une progression'),
        K.h('p', { class: 'lead' }, 'Copiez vos séances d’une période (par exemple de l’an dernier) dans une classe de cette année. Les devoirs suivent, avec les mêmes écarts.'), form);
    },
  };

  const t = tabs('Vues du cahier de textes', [weekTab, formTab, devoirTab, chargeTab, progressionTab]);
  root.append(t.root);
  return t.dispose;
}
