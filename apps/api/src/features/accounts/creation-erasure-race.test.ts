import { describe, expect, it, jest } from '@jest/globals';
import type { Actor } from '../../context.js';
import { twoSchools } from '../../test/accounts-support.js';
import { countRows, createStudent } from '../../test/factories.js';
import { eraseNow } from '../lifecycle/erase.js';

// Creating accounts while a student of the request is erased: the rows are read before the slow
// hashing and written after it, so an erasure can land in between. The write locks and
// re-checks its students in its transaction: a student erased meanwhile answers the same 404
// (`student_not_found` on its row) as one that was never there, and nothing is written, instead
// of a 500 from the foreign key. The erasure runs deterministically inside the hashing step.

const w = twoSchools();
const { t, agent, base } = w;

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Test' };

const counts = () =>
  Promise.all(
    (['accounts', 'usernames', 'batches', 'account_events'] as const).map((x) => countRows(t, x)),
  );

/** Erases `student` while the creation hashes its first password (between read and write). */
function eraseDuringHashing(student: { id: string; stamnummer: string }) {
  const hash = t.ctx.hasher.hash.bind(t.ctx.hasher);
  return jest.spyOn(t.ctx.hasher, 'hash').mockImplementationOnce(async (input) => {
    await eraseNow(t.ctx, w.iid, student.id, SYSTEM, student.stamnummer);
    return hash(input);
  });
}

describe('account creation racing an erasure', () => {
  it('answers 404 for a single account whose student was erased meanwhile', async () => {
    const kid = await createStudent(t.ctx, w.iid, { first_name: 'Odile', last_name: 'Wauters' });
    const spy = eraseDuringHashing(kid);
    const before = await counts();
    try {
      const res = await agent
        .post(`${base()}/accounts`)
        .send({ items: [{ studentId: kid.id, type: 'advanced' }] });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: 'body.items.0.studentId', code: 'student_not_found' }),
      ]);
    } finally {
      spy.mockRestore();
    }
    // The erasure itself wrote its event; the creation wrote nothing (accounts, names, batches).
    const after = await counts();
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    const left = await t.db
      .selectFrom('students')
      .select('id')
      .where('id', '=', kid.id)
      .executeTakeFirst();
    expect(left).toBeUndefined();
  });

  it('answers the 404 of the erased row for a bulk, all or nothing', async () => {
    const stays = await createStudent(t.ctx, w.iid, { first_name: 'Jef', last_name: 'Peeters' });
    const goes = await createStudent(t.ctx, w.iid, { first_name: 'Lien', last_name: 'Goossens' });
    const spy = eraseDuringHashing(goes);
    const before = await counts();
    try {
      const res = await agent.post(`${base()}/accounts`).send({
        items: [
          { studentId: stays.id, type: 'advanced' },
          { studentId: goes.id, type: 'basic', passwordKind: 'word' },
        ],
      });
      expect(res.status).toBe(404);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: 'body.items.1.studentId', code: 'student_not_found' }),
      ]);
    } finally {
      spy.mockRestore();
    }
    expect((await counts()).slice(0, 3)).toEqual(before.slice(0, 3));
    // The student who stayed can get an account afterwards.
    const again = await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: stays.id, type: 'advanced' }] });
    expect(again.status).toBe(201);
  });
});
