import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/problem';
import { useTokenLink } from './useTokenLink';

const problem = (status: number, more: Record<string, unknown> = {}) =>
  new ApiError({
    type: 'about:blank',
    title: 'T',
    status,
    detail: 'D',
    code: 'not_found',
    ...more,
  });

function link(overrides: Partial<Parameters<typeof useTokenLink<{ name: string }, string>>[0]>) {
  const sent: string[] = [];
  const l = useTokenLink<{ name: string }, string>({
    open: async () => ({ name: 'An' }),
    consume: async (password, info) => {
      sent.push(password);
      return `${info.name} done`;
    },
    problem: () => 'generic',
    mismatch: () => 'mismatch',
    ...overrides,
  });
  return { l, sent };
}

describe('useTokenLink', () => {
  it('opens the link, sends the password once, and forgets it', async () => {
    const { l, sent } = link({});
    await l.load();
    expect(l.info.value).toEqual({ name: 'An' });
    l.fields.password = l.fields.repeat = 'Fietsen-langs-de-Leie';
    await l.submit();
    expect(sent).toEqual(['Fietsen-langs-de-Leie']);
    expect(l.done.value).toBe('An done');
    expect([l.fields.password, l.fields.repeat, l.fields.errors]).toEqual(['', '', []]);
  });

  it.each([410, 400, 404])('shows an opened link answering %i as invalid', async (status) => {
    const { l } = link({ open: () => Promise.reject(problem(status)) });
    await l.load();
    expect([l.invalid.value, l.info.value, l.loadError.value]).toEqual([true, null, '']);
  });

  it('shows another error of opening as a sentence', async () => {
    const { l } = link({ open: () => Promise.reject(new TypeError('Failed to fetch')) });
    await l.load();
    expect([l.invalid.value, l.loadError.value]).toEqual([false, 'generic']);
  });

  it('sends nothing when the precheck or the repeat fails', async () => {
    let accepted = false;
    const { l, sent } = link({ precheck: () => (accepted ? undefined : 'accept first') });
    await l.load();
    l.fields.password = 'a-long-password';
    l.fields.repeat = 'another-password';
    await l.submit();
    expect(l.fields.errors).toEqual(['accept first']);
    accepted = true;
    await l.submit();
    expect(l.fields.errors).toEqual(['mismatch']);
    expect(sent).toEqual([]);
  });

  it('lists the password rules one per line, and turns invalid on 410', async () => {
    let answer: Error = problem(422, {
      errors: [
        { path: 'body.password', message: 'Te kort.' },
        { path: 'body.password', message: 'Te gewoon.' },
      ],
    });
    const { l } = link({ consume: () => Promise.reject(answer) });
    await l.load();
    l.fields.password = l.fields.repeat = 'x';
    await l.submit();
    expect(l.fields.errors).toEqual(['Te kort.', 'Te gewoon.']);
    expect(l.busy.value).toBe(false);
    answer = problem(410);
    await l.submit();
    expect(l.invalid.value).toBe(true);
  });

  it('ignores a second press while the first is under way', async () => {
    let release: (v: string) => void = () => undefined;
    const { l } = link({ consume: () => new Promise<string>((r) => (release = r)) });
    await l.load();
    l.fields.password = l.fields.repeat = 'x';
    const first = l.submit();
    await l.submit();
    expect(l.busy.value).toBe(true);
    release('ok');
    await first;
    expect([l.busy.value, l.done.value]).toEqual([false, 'ok']);
  });
});
