import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE_POLL_MS, moduleFate, poller, type PollerDeps } from '../src/watch.js';

/** A hand-driven clock: timers fire only when the test says so. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimer: (fn: () => void, ms: number) => { const id = next++; timers.set(id, { at: now + ms, fn }); return id; },
    clearTimer: (id: unknown) => { timers.delete(id as number); },
    pending: () => timers.size,
    /** Moves time on, firing due timers in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));

function setup(over: Partial<PollerDeps> = {}) {
  const clock = fakeClock();
  let calls = 0;
  let hidden = false;
  let release: (() => void) | null = null;
  let slow = false;
  const p = poller({
    refresh: () => { calls++; return slow ? new Promise<void>((r) => { release = r; }) : Promise.resolve(); },
    every: 1000,
    hidden: () => hidden,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    ...over,
  });
  return {
    p, clock,
    calls: () => calls,
    hide: (h: boolean) => { hidden = h; },
    slow: (s: boolean) => { slow = s; },
    release: () => { release?.(); release = null; },
  };
}

test('a removed module is said within 5 seconds: the shell polls more often than that', () => {
  assert.ok(CATALOGUE_POLL_MS < 5000 && CATALOGUE_POLL_MS >= 2000, `${CATALOGUE_POLL_MS} ms`);
});

test('one timer for the shell: refreshes once a period once started, none after stop', async () => {
  const s = setup();
  s.clock.advance(5000);
  assert.equal(s.calls(), 0, 'nothing before start');
  s.p.start();
  s.p.start(); // a second start (a new session) keeps one timer
  assert.equal(s.clock.pending(), 1);
  s.clock.advance(999);
  assert.equal(s.calls(), 0, 'the page asked once on its own: the first poll waits a period');
  s.clock.advance(1);
  assert.equal(s.calls(), 1);
  await settle();
  s.clock.advance(3000);
  assert.equal(s.calls(), 2, 'a refresh in flight is not doubled');
  await settle();
  s.clock.advance(1000);
  assert.equal(s.calls(), 3);
  s.p.stop();
  assert.equal(s.p.running, false);
  assert.equal(s.clock.pending(), 0);
  s.clock.advance(10_000);
  assert.equal(s.calls(), 3);
});

test('never two requests at once on a slow network', async () => {
  const s = setup();
  s.slow(true);
  s.p.start();
  s.clock.advance(1000);
  assert.equal(s.calls(), 1);
  s.clock.advance(5000);
  s.p.poke();
  assert.equal(s.calls(), 1, 'the first answer is still awaited');
  s.release();
  await settle();
  s.clock.advance(1000);
  assert.equal(s.calls(), 2);
});

test('a hidden tab asks nothing; shown again, it asks at once', async () => {
  const s = setup();
  s.p.start();
  s.hide(true);
  s.clock.advance(10_000);
  assert.equal(s.calls(), 0);
  s.p.poke();
  assert.equal(s.calls(), 0, 'still hidden');
  s.hide(false);
  s.p.poke();
  assert.equal(s.calls(), 1);
  await settle();
  s.clock.advance(999);
  assert.equal(s.calls(), 1, 'the period starts again after a poke');
  s.clock.advance(1);
  assert.equal(s.calls(), 2);
});

test('a failed refresh (network, 401) does not stop the polling', async () => {
  let calls = 0;
  const s = setup({ refresh: () => { calls++; return Promise.reject(new Error('offline')); } });
  s.p.start();
  s.clock.advance(1000);
  await settle();
  s.clock.advance(1000);
  await settle();
  assert.equal(calls, 2);
  const t = setup({ refresh: () => { calls++; throw new Error('sync'); } });
  t.p.start();
  t.clock.advance(2000);
  assert.equal(t.p.running, true);
});

test('an open module page stays while its module is listed, and is gone once it is not', () => {
  const items = [{ id: 'cahier' }, { id: 'probe' }];
  assert.equal(moduleFate(items, 'probe'), 'present');
  assert.equal(moduleFate(items.filter((m) => m.id !== 'probe'), 'probe'), 'gone');
  assert.equal(moduleFate([], 'probe'), 'gone');
});
