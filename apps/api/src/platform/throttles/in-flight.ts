// Password checks in flight in this process, per counter key. argon2 runs on libuv's small
// thread pool, shared by every client: without a cap, one address sending hundreds of parallel
// logins (each 1 + slots hashes, unknown names too) queues everyone else's login behind them.
// Over the cap an attempt waits its turn in a short queue of its own (a class pressing Enter
// together is served, in order) without taking a place in the pool; over the queue it is refused.
// The guess limits themselves are counted in PostgreSQL (reservations.repository.ts); this cap
// only shares the pool fairly, so it may live in memory, per instance.

/**
 * Checks at once and attempts waiting, per client address of untrusted clients (a school behind
 * one address), and per name or trusted device (a family logging in together). With 4 checks of
 * one address running, another address's login waits behind at most 4 × (1 + slots) hashes;
 * more would not serve a school faster: that already keeps libuv's pool (4 threads) busy, and
 * argon2 is bound by the cores.
 * Mutable for tests, like IP_POLICY.
 */
export const IN_FLIGHT_POLICY = {
  perAddress: { running: 4, waiting: 128 },
  perName: { running: 4, waiting: 64 },
};

export type SlotLimit = { running: number; waiting: number };

interface Slot {
  running: number;
  waiting: (() => void)[];
}

const slots = new Map<string, Slot>();

/** One place of `key`, now or after those waiting before; false when its queue is full. */
function take(key: string, limit: SlotLimit): Promise<boolean> | boolean {
  let slot = slots.get(key);
  if (!slot) slots.set(key, (slot = { running: 0, waiting: [] }));
  if (slot.running < limit.running && slot.waiting.length === 0) {
    slot.running++;
    return true;
  }
  if (slot.waiting.length >= limit.waiting) return false;
  const queue = slot.waiting;
  return new Promise<boolean>((resolve) => queue.push(() => resolve(true)));
}

/** Hands the place to the next waiting attempt, or frees it. */
function give(key: string): void {
  const slot = slots.get(key);
  if (!slot) return;
  const next = slot.waiting.shift();
  if (next) return next();
  slot.running--;
  if (slot.running <= 0) slots.delete(key);
}

/**
 * Takes one place of each key, in the order given (callers keep one order, the name's before the
 * address's, so two attempts never wait on each other); returns the function that frees them,
 * once, or null when a queue is full.
 */
export async function takeSlots(
  keys: { key: string; limit: SlotLimit }[],
): Promise<(() => void) | null> {
  const held: string[] = [];
  const free = () => {
    for (const key of held.splice(0)) give(key);
  };
  for (const { key, limit } of keys) {
    if (!(await take(key, limit))) {
      free();
      return null;
    }
    held.push(key);
  }
  return free;
}
