import {
  foundOrNot,
  SCHOOL,
  signedInOnly,
  type Answer,
  type Case,
  type World,
} from './contract-world.js';

// Student accounts, their batches and files, history and the parents' co-accounts.

const STUDENTS = (w: World) => `${SCHOOL(w)}/students`;
const student = (w: World, key = 'plain') => `${STUDENTS(w)}/${w.ids[key]}`;
const IDEMPOTENCY_KEY = 'contract-2026-0001';

/** An account operation: 200 for `plain` (given an account below), 404 for `newcomer` (none). */
function withAccountOrNot(
  op: string,
  call: (w: World, who: string) => PromiseLike<Answer>,
): Case[] {
  return [
    { op, status: 200, call: (w) => call(w, 'plain') },
    { op, status: 404, call: (w) => call(w, 'newcomer') },
  ];
}

export const accountCases: Case[] = [
  {
    op: 'proposeAccounts',
    status: 200,
    call: (w) =>
      w.key('post', `${SCHOOL(w)}/account-proposals`).send({ studentIds: [w.ids.plain] }),
  },
  {
    op: 'proposeAccounts',
    status: 400,
    call: (w) =>
      w
        .key('post', `${SCHOOL(w)}/account-proposals`)
        .send({ studentIds: [w.ids.plain], type: 'advanced', passwordKind: 'picture' }),
  },
  {
    op: 'checkUsernames',
    status: 200,
    call: (w) =>
      w.key('post', `${SCHOOL(w)}/username-checks`).send({ usernames: ['lotte.peeters'] }),
  },
  {
    op: 'checkUsernames',
    status: 400,
    call: (w) => w.key('post', `${SCHOOL(w)}/username-checks`).send({}),
  },
  {
    op: 'createAccounts',
    status: 201,
    call: async (w) => {
      const res = await w
        .key('post', `${SCHOOL(w)}/accounts`)
        .set('idempotency-key', IDEMPOTENCY_KEY)
        .send({ items: [{ studentId: w.ids.plain, type: 'basic' }] });
      w.ids.batch = res.body.batchId;
      return res;
    },
  },
  {
    op: 'createAccounts',
    status: 422,
    call: (w) =>
      w
        .key('post', `${SCHOOL(w)}/accounts`)
        .send({ items: [{ studentId: w.ids.student, type: 'basic' }] }),
  },
  {
    op: 'getAccountCreationProgress',
    status: 200,
    call: (w) => w.key('get', `${SCHOOL(w)}/account-requests/${IDEMPOTENCY_KEY}`),
  },
  {
    op: 'getAccountCreationProgress',
    status: 400,
    call: (w) => w.key('get', `${SCHOOL(w)}/account-requests/short`),
  },
  ...foundOrNot('getBatch', 200, 'batch', (w, id) => w.key('get', `${SCHOOL(w)}/batches/${id}`)),
  ...foundOrNot('getBatchCredentials', 200, 'batch', (w, id) =>
    w.key('get', `${SCHOOL(w)}/batches/${id}/credentials`),
  ),
  ...foundOrNot('exportBatch', 200, 'batch', (w, id) =>
    w.key('get', `${SCHOOL(w)}/batches/${id}/export?format=xlsx`),
  ),
  ...withAccountOrNot('getAccount', (w, who) => w.key('get', `${student(w, who)}/account`)),
  {
    op: 'updateAccount',
    status: 200,
    call: (w) => w.key('patch', `${student(w)}/account`).send({ username: 'lotte.contract' }),
  },
  {
    op: 'updateAccount',
    status: 404,
    call: (w) =>
      w.key('patch', `${student(w, 'newcomer')}/account`).send({ username: 'mila.contract' }),
  },
  ...withAccountOrNot('resetAccountPassword', (w, who) =>
    w.key('post', `${student(w, who)}/account/password`).send({}),
  ),
  {
    op: 'blockAccount',
    status: 200,
    call: (w) => w.key('post', `${student(w)}/account/block`).send({ reason: 'Gesprek nodig' }),
  },
  {
    op: 'blockAccount',
    status: 404,
    call: (w) => w.key('post', `${student(w, 'newcomer')}/account/block`).send({}),
  },
  ...withAccountOrNot('unblockAccount', (w, who) =>
    w.key('post', `${student(w, who)}/account/unblock`).send({}),
  ),
  ...foundOrNot('listAccountHistory', 200, 'plain', (w, id) =>
    w.key('get', `${STUDENTS(w)}/${id}/history`),
  ),
  ...foundOrNot('listStudentApps', 200, 'plain', (w, id) =>
    w.key('get', `${STUDENTS(w)}/${id}/apps`),
  ),
  {
    op: 'previewReprint',
    status: 200,
    call: (w) => w.key('post', `${SCHOOL(w)}/exports/preview`).send({ studentIds: [w.ids.plain] }),
  },
  {
    op: 'previewReprint',
    status: 400,
    call: (w) => w.key('post', `${SCHOOL(w)}/exports/preview`).send({ studentIds: [] }),
  },
  {
    op: 'reprintCards',
    status: 200,
    call: (w) =>
      w
        .key('post', `${SCHOOL(w)}/exports`)
        .send({ studentIds: [w.ids.plain, w.ids.student], format: 'cards' }),
  },
  {
    op: 'reprintCards',
    status: 400,
    call: (w) => w.key('post', `${SCHOOL(w)}/exports`).send({ format: 'pdf' }),
  },
  {
    op: 'createParentLetters',
    status: 200,
    call: (w) => w.key('post', `${SCHOOL(w)}/letters`).send({ studentIds: [w.ids.student] }),
  },
  {
    op: 'createParentLetters',
    status: 400,
    call: (w) => w.key('post', `${SCHOOL(w)}/letters`).send({ locale: 'de' }),
  },
  { op: 'getFont', status: 200, call: (w) => w.anon().get('/api/v1/fonts/regular.ttf') },
  { op: 'getFont', status: 400, call: (w) => w.anon().get('/api/v1/fonts/comic.ttf') },
  ...foundOrNot('listCoAccounts', 200, 'student', (w, id) =>
    w.key('get', `${STUDENTS(w)}/${id}/co-accounts`),
  ),
  {
    op: 'setCoAccountEmail',
    status: 200,
    call: (w) =>
      w
        .key('put', `${student(w, 'student')}/co-accounts/2`)
        .send({ email: 'tweede.ouder@example.be' }),
  },
  {
    op: 'setCoAccountEmail',
    status: 400,
    call: (w) => w.key('put', `${student(w, 'student')}/co-accounts/2`).send({ email: 'geen' }),
  },
  ...foundOrNot('sendCoAccountInvitation', 202, 'student', (w, id) =>
    w.key('post', `${STUDENTS(w)}/${id}/co-accounts/1/invitation`),
  ),
  ...signedInOnly('getCoAccountOverview', 'key', (w) => `${SCHOOL(w)}/co-accounts/overview`),
  {
    op: 'sendCoAccountInvitations',
    status: 409,
    call: (w) =>
      w
        .key('post', `${SCHOOL(w)}/co-accounts/invitations`)
        .send({ group: '3A', expectedCount: 999 }),
  },
  {
    op: 'sendCoAccountInvitations',
    status: 202,
    call: (w) =>
      w.key('post', `${SCHOOL(w)}/co-accounts/invitations`).send({ group: '3A', expectedCount: 1 }),
  },
  ...foundOrNot('revokeCoAccount', 200, 'coStudent', (w, id) =>
    w.key('delete', `${STUDENTS(w)}/${id}/co-accounts/1`),
  ),
];
