import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changes, key, ruleSentence, ruleWithChoices, type RuleCell, type Reach, type RulesDto } from '../src/pages/console-communication.js';

const cell = (from: RuleCell['from'], to: RuleCell['to'], list: RuleCell['list'], reach: Reach, choices: Reach[] = ['ALWAYS', 'RELATED', 'NEVER']): RuleCell =>
  ({ from, to, list, reach, defaultReach: reach, choices });

test('each rule reads as a French sentence, with its choices', () => {
  assert.equal(ruleWithChoices(cell('ELEVE', 'ENSEIGNANT', null, 'RELATED')),
    'Les élèves peuvent écrire aux enseignants : toujours / dans leurs classes / jamais');
  assert.equal(ruleSentence({ from: 'DIRECTION', to: 'REFERENT', list: null }), 'La direction peut écrire au référent');
  assert.equal(ruleSentence({ from: 'PARENT', to: 'DIRECTION', list: null }), 'Les responsables peuvent écrire à la direction');
  assert.equal(ruleWithChoices(cell('PARENT', null, 'ALL_TEACHERS', 'NEVER', ['ALWAYS', 'NEVER'])),
    'Les responsables peuvent écrire à la liste de tous les enseignants : toujours / jamais');
});

test('only the rules that changed are sent', () => {
  const loaded: RulesDto = { uai: '0999999Z', write: [cell('ELEVE', 'ENSEIGNANT', null, 'RELATED'), cell('ELEVE', 'ELEVE', null, 'RELATED')],
    post: [cell('PARENT', null, 'CLASS_TEACHERS', 'RELATED')] };
  const chosen = new Map<string, Reach>(loaded.write.concat(loaded.post).map((c) => [key(c), c.reach]));
  assert.deepEqual(changes(loaded, chosen), { write: [], post: [] });
  chosen.set('write:ELEVE:ENSEIGNANT', 'NEVER');
  chosen.set('post:CLASS_TEACHERS:PARENT', 'ALWAYS');
  assert.deepEqual(changes(loaded, chosen), {
    write: [{ from: 'ELEVE', to: 'ENSEIGNANT', reach: 'NEVER' }],
    post: [{ from: 'PARENT', list: 'CLASS_TEACHERS', reach: 'ALWAYS' }],
  });
});
