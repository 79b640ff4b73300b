/**
 * « Communication » in the referent's console: the school's communication rules, profile by profile — who may write
 * to whom (toujours / dans leurs classes / jamais) and who may write to each distribution list. The box applies them
 * at once to the mail (SMTP and webmail, address book included) and to the sharing of documents.
 */
import type { App } from '../app.js';
import { h, clear, uid } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, button, confirmDialog, liveRegion, skeleton, withBusy } from '../ui/kit.js';
import { showProblem } from './forms.js';

export type Reach = 'ALWAYS' | 'RELATED' | 'NEVER';
export type Sender = 'ELEVE' | 'PARENT' | 'ENSEIGNANT' | 'DIRECTION' | 'PERSONNEL' | 'INVITE';
export type Recipient = Sender | 'REFERENT';
export type ListKind = 'CLASS_PUPILS' | 'CLASS_PARENTS' | 'CLASS_TEACHERS' | 'ALL_TEACHERS' | 'ALL_STAFF';

export interface RuleCell { from: Sender; to: Recipient | null; list: ListKind | null; reach: Reach; defaultReach: Reach; choices: Reach[] }
export interface RulesDto { uai: string; write: RuleCell[]; post: RuleCell[] }
interface SchoolRef { uai: string; name: string }

export const REACH_LABELS: Record<Reach, string> = { ALWAYS: 'toujours', RELATED: 'dans leurs classes', NEVER: 'jamais' };

/** Who writes: the subject of the sentence, and whether its verb is plural. */
const SUBJECTS: Record<Sender, [string, boolean]> = {
  ELEVE: ['Les élèves', true], PARENT: ['Les responsables', true], ENSEIGNANT: ['Les enseignants', true],
  DIRECTION: ['La direction', false], PERSONNEL: ['Les personnels', true], INVITE: ['Les invités', true],
};
/** To whom: « aux enseignants », « à la direction ». */
const OBJECTS: Record<Recipient, string> = {
  ELEVE: 'aux élèves', PARENT: 'aux responsables', ENSEIGNANT: 'aux enseignants', DIRECTION: 'à la direction',
  PERSONNEL: 'aux personnels', REFERENT: 'au référent', INVITE: 'aux invités',
};
/** The column heads. */
const RECIPIENT_HEADS: Record<Recipient, string> = {
  ELEVE: 'Élèves', PARENT: 'Responsables', ENSEIGNANT: 'Enseignants', DIRECTION: 'Direction', PERSONNEL: 'Personnels',
  REFERENT: 'Référent', INVITE: 'Invités',
};
export const LIST_LABELS: Record<ListKind, string> = {
  CLASS_PUPILS: 'la liste des élèves d’une classe',
  CLASS_PARENTS: 'la liste des responsables d’une classe',
  CLASS_TEACHERS: 'la liste des enseignants d’une classe',
  ALL_TEACHERS: 'la liste de tous les enseignants',
  ALL_STAFF: 'la liste de la direction et des personnels',
};

function subject(from: Sender): string {
  const [s, pluralVerb] = SUBJECTS[from];
  return `${s} ${pluralVerb ? 'peuvent' : 'peut'} écrire`;
}

/** « Les élèves peuvent écrire aux enseignants » — the label of one rule. */
export function ruleSentence(cell: Pick<RuleCell, 'from' | 'to' | 'list'>): string {
  return `${subject(cell.from)} ${cell.list ? `à ${LIST_LABELS[cell.list]}` : OBJECTS[cell.to!]}`;
}

/** « Les élèves peuvent écrire aux enseignants : toujours / dans leurs classes / jamais » — the rule with its choices. */
export function ruleWithChoices(cell: RuleCell): string {
  return `${ruleSentence(cell)} : ${cell.choices.map((c) => REACH_LABELS[c]).join(' / ')}`;
}

/** The cells whose chosen value differs from the loaded one, as the box's PUT expects them. */
export function changes(loaded: RulesDto, chosen: ReadonlyMap<string, Reach>): { write: object[]; post: object[] } {
  const write = loaded.write.filter((c) => chosen.has(key(c)) && chosen.get(key(c)) !== c.reach)
    .map((c) => ({ from: c.from, to: c.to, reach: chosen.get(key(c)) }));
  const post = loaded.post.filter((c) => chosen.has(key(c)) && chosen.get(key(c)) !== c.reach)
    .map((c) => ({ from: c.from, list: c.list, reach: chosen.get(key(c)) }));
  return { write, post };
}

export function key(c: Pick<RuleCell, 'from' | 'to' | 'list'>): string {
  return c.list ? `post:${c.list}:${c.from}` : `write:${c.from}:${c.to}`;
}

/** The rules' screen, for the schools the referent manages. */
export function communicationSection(app: App, schools: SchoolRef[]): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(6));
  const mine = app.session!.person.school.uai;
  const ordered = [...schools].sort((a, b) => Number(b.uai === mine) - Number(a.uai === mine));
  let uai = ordered[0]?.uai ?? mine;
  const chooserId = uid('rules-school');
  const chooser = h('select', { id: chooserId, class: 'input' }, ...ordered.map((s) => h('option', { value: s.uai }, `${s.name} (${s.uai})`)));
  chooser.addEventListener('change', () => { uai = chooser.value; void load(); });

  const load = async () => {
    clear(body);
    body.append(skeleton(6));
    try {
      render(await app.api.get<RulesDto>(`admin/communication-rules/${encodeURIComponent(uai)}`));
    } catch (e) {
      clear(body);
      showProblem(status, e);
    }
  };

  const render = (rules: RulesDto) => {
    clear(body);
    const chosen = new Map<string, Reach>();
    const select = (cell: RuleCell): HTMLElement => {
      const id = uid('rule');
      const s = h('select', { id, class: 'input', 'aria-label': ruleSentence(cell) },
        ...cell.choices.map((c) => h('option', { value: c, selected: c === cell.reach }, REACH_LABELS[c])));
      const note = h('span', { class: 'hint rule-default' });
      const show = () => {
        const v = s.value as Reach;
        chosen.set(key(cell), v);
        note.textContent = v === cell.defaultReach ? '' : `modifié (par défaut : ${REACH_LABELS[cell.defaultReach]})`;
      };
      s.addEventListener('change', show);
      show();
      return h('div', { class: 'rule-cell' }, s, note);
    };

    const senders = [...new Set(rules.write.map((c) => c.from))];
    const recipients = [...new Set(rules.write.map((c) => c.to!))];
    const writeTable = h('table', { class: 'table rules-table' },
      h('caption', { class: 'table-caption' }, 'Qui peut écrire à qui (messagerie et partage de documents)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Qui écrit'),
        ...recipients.map((r) => h('th', { scope: 'col' }, `À : ${RECIPIENT_HEADS[r]}`)))),
      h('tbody', {}, ...senders.map((from) => h('tr', {}, h('th', { scope: 'row' }, SUBJECTS[from][0]),
        ...recipients.map((to) => h('td', {}, select(rules.write.find((c) => c.from === from && c.to === to)!)))))));

    const lists = [...new Set(rules.post.map((c) => c.list!))];
    const postTable = h('table', { class: 'table rules-table' },
      h('caption', { class: 'table-caption' }, 'Qui peut écrire aux listes de diffusion'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Liste'), ...senders.map((s) => h('th', { scope: 'col' }, SUBJECTS[s][0])))),
      h('tbody', {}, ...lists.map((list) => h('tr', {}, h('th', { scope: 'row' }, capitalise(LIST_LABELS[list])),
        ...senders.map((from) => h('td', {}, select(rules.post.find((c) => c.from === from && c.list === list)!)))))));

    const save = button('Enregistrer les règles', { type: 'submit', icon: 'circle-check' });
    const reset = button('Rétablir les règles par défaut', { variant: 'secondary', icon: 'rotate-ccw' });
    const form = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Qui peut écrire à qui', tabindex: '0' }, writeTable),
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Qui peut écrire aux listes de diffusion', tabindex: '0' }, postTable),
      h('div', { class: 'actions' }, save, reset));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const asked = changes(rules, chosen);
      if (asked.write.length + asked.post.length === 0) {
        status.show('info', 'Aucune règle n’a changé : rien à enregistrer.');
        return;
      }
      void withBusy(save, 'Enregistrement…', async () => {
        try {
          render(await app.api.put<RulesDto>(`admin/communication-rules/${encodeURIComponent(uai)}`, asked));
          const n = asked.write.length + asked.post.length;
          status.show('success', `${n} règle${n > 1 ? 's' : ''} enregistrée${n > 1 ? 's' : ''} : la messagerie et le partage de documents l’appliquent dès maintenant.`);
        } catch (e) {
          showProblem(status, e);
        }
      });
    });
    reset.addEventListener('click', () => {
      void confirmDialog({
        title: 'Rétablir les règles par défaut ?',
        message: 'Toutes les règles de cet établissement reprennent leur valeur d’origine : les élèves écrivent à leur classe, '
          + 'à leurs enseignants et à leurs responsables ; les responsables à leurs enfants et à leurs enseignants ; les adultes à tous.',
        confirmLabel: 'Rétablir',
      }).then(async (yes) => { if (yes) await withBusy(reset, 'Un instant…', async () => {
        try {
          render(await app.api.delete<RulesDto>(`admin/communication-rules/${encodeURIComponent(uai)}`));
          status.show('success', 'Les règles par défaut sont rétablies.');
        } catch (e) {
          showProblem(status, e);
        }
      }); });
    });
    body.append(form);
  };
  void load();

  return h('section', { class: 'panel', 'aria-labelledby': 'rules-title' },
    h('h2', { id: 'rules-title' }, icon('messages-square', 20), h('span', {}, 'Règles de communication')),
    h('p', { class: 'hint' }, 'Choisissez, profil par profil, qui peut écrire à qui dans la messagerie et avec qui partager des '
      + 'documents : « toujours » (tout l’établissement), « dans leurs classes » (un élève et ses enseignants, les élèves d’une même '
      + 'classe, un responsable et ses enfants ou leurs enseignants) ou « jamais ». Le référent peut toujours écrire à tous. '
      + 'Une liste de diffusion ne distribue un message qu’aux personnes à qui l’expéditeur peut écrire.'),
    ordered.length > 1 ? h('div', { class: 'field' }, h('label', { for: chooserId, class: 'label' }, 'Établissement'), chooser) : null,
    schools.length === 0 ? alert('info', 'Aucun établissement sur la box pour l’instant.') : null,
    status.root, body);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
