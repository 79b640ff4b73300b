/**
 * The direction's screens: read any class's cahier over a period, put a visa on it up to a date,
 * export it as PDF; and the school's workload threshold when allowed to configure.
 */
import type { CahierApi } from './api.js';
import { problemTitle } from './api.js';
import type { CahierContext } from './types.js';
import { addDays, byStart, exportHref, schoolToday } from './logic.js';
import { kit, loadInto, seanceCard, selectField, tabs, type Tab } from './ui.js';

export interface DirectionOptions { api: CahierApi; ctx: CahierContext; today?: string }

export function directionScreen(root: HTMLElement, o: DirectionOptions): () => void {
  const K = kit();
  const today = o.today ?? schoolToday();
  const divisions = [...o.ctx.divisions].sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));

  const cahierTab: Tab = {
    id: 'cahier', label: 'Cahier d’une classe', icon: 'book-open',
    render(panel) {
      const classe = selectField({ label: 'Classe ou groupe', name: 'classe', required: true, placeholder: 'Choisir…', options: divisions.map((d) => ({ value: d.id, label: d.label })) });
      const from = K.datePicker({ label: 'Du', name: 'du', required: true, value: addDays(today, -28) });
      const to = K.datePicker({ label: 'Au', name: 'au', required: true, value: today });
      const list = K.h('div', { class: 'cahier-list' });
      const visas = K.h('div', {});
      const visaArea = K.h('div', {});
      const exportLink = K.h('a', { class: 'btn btn-secondary', href: '#', download: 'cahier-de-textes.pdf', hidden: true }, K.icon('download', 18), K.h('span', {}, 'Exporter en PDF'));
      const live = K.liveRegion('polite');
      const load = () => {
        classe.setError(null);
        if (!classe.value()) { classe.setError('Choisissez une classe.'); classe.select.focus(); return; }
        if (![from.validate(), to.validate()].every(Boolean)) return;
        if (to.value() < from.value()) { to.setError('Le dernier jour doit venir après le premier.'); return; }
        const label = divisions.find((d) => d.id === classe.value())?.label ?? '';
        exportLink.href = exportHref(classe.value(), from.value(), to.value());
        exportLink.setAttribute('download', `cahier-${label}-${from.value()}-${to.value()}.pdf`);
        exportLink.hidden = false;
        loadInto(list, () => o.api.seances(from.value(), to.value(), classe.value()), ({ items }) => {
          if (items.length === 0) return K.emptyState('Rien n’est noté dans ce cahier pour cette période.', 'calendar');
          return [...items].sort(byStart).map((s) => seanceCard(s, { headingLevel: 'h4', withDay: true }));
        }, 4);
        loadInto(visas, () => o.api.visas(classe.value()), ({ items }) => {
          if (items.length === 0) return K.h('p', {}, 'Ce cahier n’a encore reçu aucun visa.');
          return K.h('ul', { class: 'plain-list' }, ...items.map((v) => K.h('li', {}, `Visé jusqu’au ${K.format.day(v.until, { year: true })} par ${v.by}, ${K.format.relative(new Date(v.at))}.`)));
        }, 1);
        const until = K.datePicker({ label: 'Viser jusqu’au', name: 'visa-jusqu-au', required: true, value: to.value() > today ? today : to.value(), max: today });
        const visaButton = K.button('Viser le cahier', { icon: 'shield-check', onClick: async () => {
          if (!until.validate()) return;
          const ok = await K.confirmDialog({ title: `Viser le cahier de ${label} ?`,
            message: `Les séances et devoirs jusqu’au ${K.format.day(until.value(), { year: true })} ne pourront plus être modifiés : les enseignants pourront seulement ajouter un rectificatif.`,
            confirmLabel: 'Viser le cahier' });
          if (!ok) return;
          try {
            await K.withBusy(visaButton, 'Visa en cours…', () => o.api.createVisa(classe.value(), until.value()));
            live.show('success', `Le cahier de ${label} est visé jusqu’au ${K.format.day(until.value())}.`);
            load();
          } catch (e) { live.show('error', problemTitle(e), 'Le visa n’a pas été enregistré'); }
        } });
        visaArea.replaceChildren(...(o.ctx.canVisa ? [until.root, K.h('div', { class: 'actions' }, visaButton)] : []));
      };
      const show = K.button('Afficher le cahier', { icon: 'search', onClick: load });
      classe.select.addEventListener('change', () => { if (classe.value()) load(); });
      panel.append(K.h('h2', {}, 'Cahier d’une classe'),
        K.h('div', { class: 'filters' }, classe.root, from.root, to.root, K.h('div', { class: 'actions' }, show, exportLink)),
        live.root,
        K.h('section', { 'aria-label': 'Visas' }, K.h('h3', {}, 'Visas'), visas, visaArea),
        K.h('section', { 'aria-label': 'Séances' }, K.h('h3', {}, 'Séances'), list));
      if (divisions.length === 0) list.append(K.emptyState('Aucune classe n’est encore connue de Préau pour cet établissement.', 'users'));
    },
  };

  const reglagesTab: Tab = {
    id: 'reglages', label: 'Réglages', icon: 'settings',
    render(panel) {
      const area = K.h('div', {});
      panel.append(K.h('h2', {}, 'Réglages'), area);
      loadInto(area, () => o.api.reglages(), (r) => {
        const max = K.textField({ label: 'Nombre de devoirs par jour au plus', name: 'max-devoirs', inputmode: 'numeric', value: String(r.maxDevoirsParJour), required: true,
          hint: 'Quand une classe atteint ce nombre un jour donné, l’enseignant qui ajoute un devoir ce jour-là est prévenu.' });
        const live = K.liveRegion('polite');
        const save = K.button('Enregistrer', { type: 'submit', icon: 'circle-check' });
        const form = K.h('form', { class: 'form', novalidate: true }, max.root, live.root, K.h('div', { class: 'actions' }, save));
        form.addEventListener('submit', (ev) => {
          ev.preventDefault();
          const n = Number(max.value().trim());
          if (!Number.isInteger(n) || n < 1 || n > 10) { max.setError('Indiquez un nombre entier entre 1 et 10.'); max.input.focus(); return; }
          max.setError(null);
          void K.withBusy(save, 'Enregistrement…', async () => {
            try { await o.api.saveReglages(n); live.show('success', 'Réglage enregistré.'); } catch (e) { live.show('error', problemTitle(e)); }
          });
        });
        return form;
      }, 2);
    },
  };

  const items = o.ctx.canConfigure ? [cahierTab, reglagesTab] : [cahierTab];
  const t = tabs('Vues du cahier de textes', items);
  root.append(t.root);
  return t.dispose;
}
