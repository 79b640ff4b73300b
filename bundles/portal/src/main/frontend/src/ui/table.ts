/**
 * A data table: a caption, sortable column headers (a button in the header, aria-sort on it),
 * an empty state when there is nothing to list, and a region that scrolls sideways on a phone.
 */
import { h, clear } from './dom.js';
import { icon } from './icons.js';
import { emptyState, statusText } from './kit.js';
import type { CellValue, Column } from '../module-kit.js';

export type SortDirection = 'ascending' | 'descending';
// the column types are those modules compile against
export type { CellValue, Column } from '../module-kit.js';

export interface DataTableOptions<R> {
  /** Says what the table lists; also the name of its scrolling region. */
  caption: string;
  /** Show the caption (default: only for screen readers, the page's heading says it already). */
  captionVisible?: boolean;
  columns: Column<R>[];
  rows: R[];
  /** The empty state's words: say what to do next ("Aucun devoir pour demain. Bonne soirée !"). */
  empty: string;
  emptyIcon?: string;
  sort?: { key: string; direction: SortDirection };
}

export interface DataTable<R> {
  root: HTMLElement;
  setRows(rows: R[]): void;
  sortBy(key: string, direction: SortDirection): void;
}

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** Compares two cell values: French order for text (é with e, 2 before 10), empty last. */
export function compareValues(a: CellValue, b: CellValue): number {
  const empty = (v: CellValue) => v === null || v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** A sorted copy (stable; empty values stay at the end in both directions). */
export function sortRows<R>(rows: readonly R[], value: (row: R) => CellValue, direction: SortDirection): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows.map((r, i) => ({ r, i, v: value(r) }))
    .sort((x, y) => {
      const ex = x.v === null || x.v === undefined || x.v === '';
      const ey = y.v === null || y.v === undefined || y.v === '';
      if (ex !== ey) return ex ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.r);
}

function defaultValue<R>(c: Column<R>): (row: R) => CellValue {
  return c.value ?? ((row) => (row as Record<string, CellValue>)[c.key]);
}

function show(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toLocaleDateString('fr-FR');
  if (typeof v === 'boolean') return v ? 'Oui' : 'Non';
  if (typeof v === 'number') return v.toLocaleString('fr-FR');
  return v;
}

export function dataTable<R>(o: DataTableOptions<R>): DataTable<R> {
  let rows = o.rows.slice();
  let sort = o.sort ?? null;
  const said = statusText();
  const body = h('div', {});
  const root = h('div', { class: 'data-table' }, body, said.root);
  const headers = new Map<string, HTMLTableCellElement>();

  function render(): void {
    clear(body);
    if (rows.length === 0) {
      if (o.captionVisible) body.append(h('p', { class: 'table-caption' }, o.caption));
      body.append(emptyState(o.empty, o.emptyIcon ?? 'inbox'));
      return;
    }
    const col = sort ? o.columns.find((c) => c.key === sort!.key) : undefined;
    const shown = col && sort ? sortRows(rows, defaultValue(col), sort.direction) : rows;
    headers.clear();
    const headRow = h('tr', {});
    for (const c of o.columns) {
      const th = h('th', { scope: 'col', class: c.numeric ? 'num' : undefined });
      if (c.sortable) {
        const current = sort?.key === c.key ? sort.direction : null;
        th.setAttribute('aria-sort', current ?? 'none');
        const b = h('button', { type: 'button', class: 'sort-button' },
          h('span', {}, c.label),
          icon(current === 'ascending' ? 'arrow-up' : current === 'descending' ? 'arrow-down' : 'arrow-up-down', 16));
        b.addEventListener('click', () => {
          const next: SortDirection = current === 'ascending' ? 'descending' : 'ascending';
          api.sortBy(c.key, next);
          headers.get(c.key)?.querySelector('button')?.focus();
        });
        th.append(b);
      } else {
        th.textContent = c.label;
      }
      headers.set(c.key, th);
      headRow.append(th);
    }
    const tbody = h('tbody', {});
    for (const r of shown) {
      const tr = h('tr', {});
      for (const c of o.columns) {
        const content = c.render ? c.render(r) : show(defaultValue(c)(r));
        tr.append(h(c.rowHeader ? 'th' : 'td', { scope: c.rowHeader ? 'row' : undefined, class: c.numeric ? 'num' : undefined }, content));
      }
      tbody.append(tr);
    }
    body.append(h('div', { class: 'table-wrap', role: 'region', 'aria-label': o.caption, tabindex: '0' },
      h('table', { class: 'table table-kit' },
        h('caption', { class: o.captionVisible ? 'table-caption' : 'visually-hidden' }, o.caption),
        h('thead', {}, headRow), tbody)));
  }

  const api: DataTable<R> = {
    root,
    setRows(next) { rows = next.slice(); render(); },
    sortBy(key, direction) {
      sort = { key, direction };
      render();
      const c = o.columns.find((x) => x.key === key);
      if (c) said.say(`Tableau trié par ${c.label}, ${direction === 'ascending' ? 'ordre croissant' : 'ordre décroissant'}.`);
    },
  };
  render();
  return api;
}
