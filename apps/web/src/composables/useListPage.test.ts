import { describe, expect, it, jest } from '@jest/globals';

// The real client loads every message file (dynamic imports jest does not resolve here).
jest.unstable_mockModule('../api/client', () => ({
  problemMessage: (e: unknown) => (e instanceof Error ? e.message : 'failed'),
}));
const { useListPage } = await import('./useListPage');

/** A fetch the test answers by hand, to look at the page while the list is reloading. */
function pending() {
  const calls: { resolve: (rows: string[]) => void; reject: (e: unknown) => void }[] = [];
  const fetch = () => new Promise<string[]>((resolve, reject) => calls.push({ resolve, reject }));
  return { fetch, calls };
}

function page(fetch: () => Promise<string[]>) {
  // Outside a component Vue warns that onMounted has no instance: the rows are loaded by hand.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const list = useListPage(fetch);
  warn.mockRestore();
  return list;
}

describe('useListPage', () => {
  it('shows the success line of a change only once the reloaded rows are there', async () => {
    const { fetch, calls } = pending();
    const list = page(fetch);
    list.say('old');
    const reloaded = list.load({ key: 'apps.created', values: { name: 'Atlas' } });
    expect([list.status, list.loading]).toEqual([null, true]);
    calls[0]!.resolve(['Atlas']);
    await reloaded;
    expect(list.items).toEqual(['Atlas']);
    expect(list.status).toEqual({ key: 'apps.created', values: { name: 'Atlas' } });
  });

  it('shows a failed reload next to the success line, and a plain load keeps the lines', async () => {
    const { fetch, calls } = pending();
    const list = page(fetch);
    const reloaded = list.load({ key: 'done' });
    calls[0]!.reject(new Error('offline'));
    await reloaded;
    expect(list.status).toEqual({ key: 'done' });
    expect(list.error).toBe('offline');
    const plain = list.load();
    expect(list.status).toEqual({ key: 'done' });
    calls[1]!.resolve([]);
    await plain;
    expect(list.status).toEqual({ key: 'done' });
  });

  it('reloads after a change: with its success line, or with its error and no success line', async () => {
    const rows = [['a', 'b'], ['b'], ['b']];
    const list = page(async () => rows.shift()!);
    expect(
      await list.change(async () => undefined, { key: 'removed', values: { name: 'a' } }),
    ).toBe(true);
    expect([list.items, list.status, list.error]).toEqual([
      ['a', 'b'],
      { key: 'removed', values: { name: 'a' } },
      '',
    ]);
    const failed = list.change(() => Promise.reject(new Error('conflict')), { key: 'removed' });
    expect(await failed).toBe(false);
    expect([list.items, list.status, list.error]).toEqual([['b'], null, 'conflict']);
  });
});
