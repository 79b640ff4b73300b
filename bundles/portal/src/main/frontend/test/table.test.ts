import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareValues, sortRows } from '../src/ui/table.js';

test('French order: accents with their letter, numbers by value, empty cells last', () => {
  const names = ['Zoé', 'élodie', 'Emma', 'Éric', 'adam'];
  assert.deepEqual(sortRows(names, (n) => n, 'ascending'), ['adam', 'élodie', 'Emma', 'Éric', 'Zoé']);
  assert.deepEqual(sortRows(['5B', '10A', '6A'], (n) => n, 'ascending'), ['5B', '6A', '10A']);
  const rows = [{ n: 3 }, { n: null }, { n: 10 }, { n: 1 }];
  assert.deepEqual(sortRows(rows, (r) => r.n, 'ascending').map((r) => r.n), [1, 3, 10, null]);
  assert.deepEqual(sortRows(rows, (r) => r.n, 'descending').map((r) => r.n), [10, 3, 1, null]);
  assert.ok(compareValues(new Date(2026, 0, 2), new Date(2026, 0, 1)) > 0);
});

test('sorting is stable: equal values keep their order', () => {
  const rows = [{ k: 'b', i: 1 }, { k: 'a', i: 2 }, { k: 'b', i: 3 }, { k: 'a', i: 4 }];
  assert.deepEqual(sortRows(rows, (r) => r.k, 'ascending').map((r) => r.i), [2, 4, 1, 3]);
  assert.deepEqual(sortRows(rows, (r) => r.k, 'descending').map((r) => r.i), [1, 3, 2, 4]);
});
