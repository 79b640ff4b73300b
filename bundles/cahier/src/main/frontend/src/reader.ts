/**
 * The pupil's and the parent's screens: « À faire », the week, a day, « Rattrapage », « Agenda du
 * téléphone ». A parent reads the same views for the child they follow, without the « Fait » box.
 */
import type { CahierApi } from './api.js';
import { problemTitle } from './api.js';
import type { Devoir } from './types.js';
import { addDays, aFaire, aFaireStatus, byStart, mondayOf, schoolToday, weekDays } from './logic.js';
import { devoirBlock, kit, loadInto, seanceCard, seancesByDay, tabs, weekNav, type Tab } from './ui.js';

export interface ReaderOptions {
  api: CahierApi;
  /** A parent: read only, and the sentences speak of the child. */
  parent: boolean;
  childName?: string;
  today?: string;
}

export function readerScreen(root: HTMLElement, o: ReaderOptions): () => void {
  const K = kit();
  const today = o.today ?? schoolToday();
  const onDone = o.parent ? undefined : async (d: Devoir, done: boolean) => {
    try {
      await o.api.markDone(d.id, done);
      K.toast('success', done ? 'Bravo, c’est noté comme fait.' : 'C’est noté comme pas encore fait.');
    } catch (e) {
      K.toast('error', problemTitle(e));
      throw e;
    }
  };

  const aFaireTab: Tab = {
    id: 'a-faire', label: 'À faire', icon: 'clipboard-list',
    render(panel) {
      const status = K.statusText();
      const list = K.h('div', { class: 'cahier-list' });
      panel.append(K.h('h2', {}, 'À faire'),
        K.h('p', { class: 'lead' }, o.parent ? `Les devoirs de ${o.childName ?? 'votre enfant'} pour les trois prochaines semaines.` : 'Tes devoirs pour les trois prochaines semaines.'),
        status.root, list);
      loadInto(list, () => o.api.devoirs(today, addDays(today, 21)), ({ items }) => {
        status.say(aFaireStatus(items));
        if (items.length === 0) return K.emptyState('Aucun devoir pour les trois prochaines semaines.', 'sparkles');
        return aFaire(items).map(({ date, devoirs }) => K.h('section', { class: 'cahier-day', 'aria-label': `Pour ${K.format.sayDay(date)}` },
          K.h('h3', {}, `Pour ${K.format.sayDay(date)}`, date !== today && K.format.sayDay(date).length < 12 ? K.h('span', { class: 'hint' }, ` (${K.format.day(date)})`) : null),
          K.h('ul', { class: 'plain-list' }, ...devoirs.map((d) => K.h('li', {}, K.h('div', { class: 'card' }, devoirBlock(d, { withSubject: true, onDone })))))));
      });
    },
  };

  const weekTab: Tab = {
    id: 'semaine', label: 'Semaine', icon: 'calendar-days',
    render(panel) {
      let monday = mondayOf(today);
      const list = K.h('div', { class: 'cahier-list' });
      const nav = weekNav('Changer de semaine', (delta) => { monday = delta === 0 ? mondayOf(today) : addDays(monday, 7 * delta); load(); });
      const load = () => {
        nav.set(`Semaine du ${K.format.day(monday)}`);
        loadInto(list, () => o.api.seances(monday, addDays(monday, 6)), ({ items }) => {
          const seances = [...items].sort(byStart);
          return seancesByDay(weekDays(monday, seances.map((s) => s.date)), seances, { onDone }, 'Rien n’est encore noté cette semaine.');
        });
      };
      panel.append(K.h('h2', {}, 'La semaine'), nav.root, list);
      load();
    },
  };

  const dayTab: Tab = {
    id: 'jour', label: 'Jour', icon: 'calendar',
    render(panel) {
      const picker = K.datePicker({ label: 'Jour', name: 'jour', value: today });
      const list = K.h('div', { class: 'cahier-list' });
      const load = () => {
        const day = picker.value();
        if (!day) return;
        loadInto(list, () => o.api.seances(day, day), ({ items }) => {
          if (items.length === 0) return K.emptyState(`Rien n’est noté pour ${K.format.sayDay(day)}.`, 'calendar');
          return [...items].sort(byStart).map((s) => seanceCard(s, { headingLevel: 'h3', onDone }));
        });
      };
      picker.input.addEventListener('change', load);
      panel.append(K.h('h2', {}, 'Une journée'), picker.root, list);
      load();
    },
  };

  const rattrapageTab: Tab = {
    id: 'rattrapage', label: 'Rattrapage', icon: 'book-open-check',
    render(panel) {
      const from = K.datePicker({ label: 'Du', name: 'rattrapage-du', required: true, value: addDays(today, -7) });
      const to = K.datePicker({ label: 'Au', name: 'rattrapage-au', required: true, value: today });
      const out = K.h('div', { class: 'cahier-list' });
      const go = K.button('Voir ce qui a été fait', { icon: 'search', onClick: () => {
        if (![from.validate(), to.validate()].every(Boolean)) return;
        if (to.value() < from.value()) { to.setError('Le dernier jour doit venir après le premier.'); return; }
        loadInto(out, () => o.api.rattrapage(from.value(), to.value()), ({ seances, devoirs }) => {
          if (seances.length === 0 && devoirs.length === 0) return K.emptyState('Rien n’a été noté entre ces deux dates.', 'sparkles');
          return [
            K.h('h3', {}, 'Ce qui a été fait en classe'),
            ...(seances.length ? [...seances].sort(byStart).map((s) => seanceCard(s, { withDay: true })) : [K.h('p', {}, 'Aucune séance notée.')]),
            K.h('h3', {}, 'Les devoirs donnés'),
            devoirs.length ? K.h('ul', { class: 'plain-list' }, ...devoirs.map((d) => K.h('li', {}, K.h('div', { class: 'card' }, devoirBlock(d, { withSubject: true, withDate: true, onDone }))))) : K.h('p', {}, 'Aucun devoir donné.'),
          ];
        });
      } });
      panel.append(K.h('h2', {}, 'Rattrapage'),
        K.h('p', { class: 'lead' }, o.parent ? 'Après une absence, retrouvez ce qui a été fait en classe et les devoirs donnés entre deux dates.'
          : 'Tu as été absent ? Choisis les deux dates : tu verras ce qui a été fait en classe et les devoirs donnés.'),
        K.h('div', { class: 'filters' }, from.root, to.root, K.h('div', { class: 'actions' }, go)), out);
    },
  };

  const agendaTab: Tab = {
    id: 'agenda', label: 'Agenda du téléphone', icon: 'bell',
    render(panel) {
      const area = K.h('div', {});
      const live = K.liveRegion('polite');
      panel.append(K.h('h2', {}, 'Agenda du téléphone'),
        ...(o.parent ? [
          K.h('p', {}, `Vous pouvez voir les devoirs de ${o.childName ?? 'votre enfant'} dans l’agenda de votre téléphone ou de votre ordinateur : copiez l’adresse ci-dessous et ajoutez-la comme « agenda par adresse » (ou « abonnement à un calendrier ») dans votre application d’agenda. Il se met à jour tout seul.`),
          K.h('p', {}, 'Cette adresse est secrète : ne la partagez pas. Si vous pensez qu’une autre personne la connaît, créez-en une nouvelle : l’ancienne cessera de fonctionner.'),
        ] : [
          K.h('p', {}, 'Tes devoirs peuvent s’afficher dans l’agenda de ton téléphone. Copie l’adresse ci-dessous, puis ajoute-la dans ton application d’agenda (« ajouter un agenda par adresse »). Demande de l’aide à un adulte si besoin.'),
          K.h('p', {}, 'Cette adresse est secrète : ne la donne à personne. Si quelqu’un d’autre la connaît, crée une nouvelle adresse : l’ancienne ne marchera plus.'),
        ]),
        live.root, area);
      const render = (relative: string | null, active = false) => {
        area.replaceChildren();
        if (!relative && active) {
          // the box keeps only a fingerprint of the secret address: it cannot show it again
          area.append(K.h('p', {}, o.parent ? 'Une adresse d’agenda existe déjà. Pour la retrouver, créez-en une nouvelle : l’ancienne cessera de fonctionner.'
            : 'Tu as déjà une adresse d’agenda. Pour la retrouver, crée une nouvelle adresse : l’ancienne ne marchera plus.'),
          K.h('div', { class: 'actions' },
            K.button('Créer une nouvelle adresse', { variant: 'primary', icon: 'refresh-cw', onClick: (e) => void renew(e.currentTarget as HTMLButtonElement, true) }),
            K.button('Supprimer l’adresse', { variant: 'danger', icon: 'trash', onClick: (e) => void revoke(e.currentTarget as HTMLButtonElement) })));
          return;
        }
        if (!relative) {
          area.append(K.emptyState(o.parent ? 'Vous n’avez pas encore d’adresse d’agenda.' : 'Tu n’as pas encore d’adresse d’agenda.', 'calendar'),
            K.h('div', { class: 'actions' }, K.button(o.parent ? 'Créer l’adresse d’agenda' : 'Créer mon adresse d’agenda', { icon: 'calendar-days', onClick: (e) => void renew(e.currentTarget as HTMLButtonElement, false) })));
          return;
        }
        const url = new URL(relative, window.location.origin).href;
        const field = K.textField({ label: 'Adresse de l’agenda', name: 'agenda-url', value: url });
        field.input.readOnly = true;
        area.append(field.root, K.h('div', { class: 'actions' },
          K.button('Copier l’adresse', { variant: 'primary', icon: 'check-check', onClick: async () => {
            try { await navigator.clipboard.writeText(url); live.show('success', 'L’adresse est copiée. Collez-la dans votre application d’agenda.'); } catch { field.input.select(); live.show('info', 'Sélectionnez l’adresse et copiez-la (Ctrl+C).'); }
          } }),
          K.button('Créer une nouvelle adresse', { variant: 'secondary', icon: 'refresh-cw', onClick: (e) => void renew(e.currentTarget as HTMLButtonElement, true) }),
          K.button('Supprimer l’adresse', { variant: 'danger', icon: 'trash', onClick: (e) => void revoke(e.currentTarget as HTMLButtonElement) })));
      };
      const renew = async (b: HTMLButtonElement, existing: boolean) => {
        if (existing && !(await K.confirmDialog({ title: 'Créer une nouvelle adresse ?', message: 'L’ancienne adresse cessera de fonctionner : il faudra ajouter la nouvelle dans votre agenda.', confirmLabel: 'Créer une nouvelle adresse' }))) return;
        try {
          const { url } = await K.withBusy(b, 'Création…', () => o.api.renewAgenda());
          render(url);
          live.show('success', 'Votre nouvelle adresse d’agenda est prête.');
        } catch (e) { live.show('error', problemTitle(e)); }
      };
      const revoke = async (b: HTMLButtonElement) => {
        if (!(await K.confirmDialog({ title: 'Supprimer l’adresse de l’agenda ?', message: 'Votre agenda ne recevra plus les devoirs. Vous pourrez créer une nouvelle adresse plus tard.', confirmLabel: 'Supprimer l’adresse', danger: true }))) return;
        try {
          await K.withBusy(b, 'Suppression…', () => o.api.revokeAgenda());
          render(null);
          live.show('success', 'L’adresse est supprimée : elle ne fonctionne plus.');
        } catch (e) { live.show('error', problemTitle(e)); }
      };
      loadInto(area, () => o.api.agenda().catch((e: unknown) => {
        if (e && typeof e === 'object' && (e as { status?: number }).status === 404) return { active: false, url: null };
        throw e;
      }), ({ url, active }) => { queueMicrotask(() => render(url ?? null, active ?? false)); return K.skeleton(1); });
    },
  };

  const t = tabs('Vues du cahier de textes', [aFaireTab, weekTab, dayTab, rattrapageTab, agendaTab]);
  root.append(t.root);
  return t.dispose;
}
