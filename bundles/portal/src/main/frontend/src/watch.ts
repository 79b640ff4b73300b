/**
 * The shell's one catalogue poller: every signed-in page (home, a module's page, the console…)
 * learns within seconds that a module was installed or removed, without a reload. One timer for
 * the whole shell, never two requests at once, nothing while the tab is hidden, and a refresh as
 * soon as it is shown again. Pure logic (timers and visibility are given), tested in node.
 */

/** Period of the shell's catalogue refresh: a removed module's open page says so within 5 s. */
export const CATALOGUE_POLL_MS = 4000;

export interface PollerDeps {
  /** One refresh (the catalogue request); its failures are the caller's business. */
  refresh: () => Promise<unknown>;
  every: number;
  hidden: () => boolean;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export interface Poller {
  /** Starts (or keeps) polling; the first refresh comes after one period. */
  start(): void;
  stop(): void;
  /** Refreshes now unless a refresh is in flight (the tab is shown again, for instance). */
  poke(): void;
  readonly running: boolean;
}

export function poller(deps: PollerDeps): Poller {
  let handle: unknown = null;
  let running = false;
  let inFlight = false;

  const schedule = () => {
    if (handle !== null) deps.clearTimer(handle);
    handle = running ? deps.setTimer(tick, deps.every) : null;
  };
  const run = () => {
    if (inFlight || !running) return;
    inFlight = true;
    let done: Promise<unknown>;
    try {
      done = deps.refresh();
    } catch (e) {
      done = Promise.reject(e);
    }
    void done.catch(() => { /* the listeners were told */ }).finally(() => { inFlight = false; });
  };
  function tick(): void {
    handle = null;
    if (!deps.hidden()) run();
    schedule();
  }
  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      schedule();
    },
    poke() {
      if (!running || deps.hidden()) return;
      run();
      schedule();
    },
    get running() { return running; },
  };
}

/** What an open module page does with a new catalogue: stay, or say kindly that the module is gone. */
export function moduleFate(items: ReadonlyArray<{ id: string }>, id: string): 'present' | 'gone' {
  return items.some((m) => m.id === id) ? 'present' : 'gone';
}
