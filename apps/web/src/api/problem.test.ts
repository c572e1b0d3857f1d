import { describe, expect, it } from '@jest/globals';
import {
  ApiError,
  endsSession,
  fieldErrors,
  problemFromResponse,
  problemStatus,
  problemText,
  type ProblemCode,
} from './problem';

// Keys stand for their translation; only the listed ones "exist" (te).
const known = new Set([
  'app.problems.validation_failed',
  'app.problems.forbidden',
  'app.problems.unavailable',
  'app.problems.server',
  'app.problems.network',
  'app.error',
  'portal.fields.username',
]);
const texts = {
  t: (key: string, values?: Record<string, unknown>) =>
    values && Object.keys(values).length ? `${key} ${JSON.stringify(values)}` : key,
  te: (key: string) => known.has(key),
};

const problem = (status: number, code: string, more: Record<string, unknown> = {}) =>
  new ApiError({
    type: 'about:blank',
    title: 'T',
    status,
    detail: 'Server says',
    // Unknown codes too: what a newer server (or a proxy) might answer.
    code: code as ProblemCode,
    ...more,
  });

describe('problemText (dashboard)', () => {
  it.each([
    ['a known code, translated', problem(403, 'forbidden'), 'app.problems.forbidden'],
    ['an unknown code: the server detail', problem(409, 'username_taken'), 'Server says'],
    ['a 5xx without a known code', problem(502, 'bad_gateway'), 'app.problems.server'],
    [
      'a known code with a finer cause (previews busy): the server detail',
      problem(503, 'unavailable', { reason: 'previews_busy' }),
      'Server says',
    ],
    ['no detail', problem(409, 'x', { detail: '' }), 'app.error'],
    ['a network failure', new TypeError('Failed to fetch'), 'app.problems.network'],
    ['a bug', new Error('undefined is not a function'), 'app.error'],
    ['something thrown that is no error', 'boom', 'app.error'],
  ])('%s', (_what, error, expected) => {
    expect(problemText(error, texts)).toBe(expected);
  });

  it('appends the field messages of a 422', () => {
    const e = problem(422, 'validation_failed', {
      errors: [
        { path: 'body.email', message: 'Geen e-mailadres.' },
        { path: 'body.name', message: 'Te lang.' },
      ],
    });
    expect(problemText(e, texts)).toBe('app.problems.validation_failed Geen e-mailadres. Te lang.');
  });

  it('names the field of each schema row of a 400 (fragments, not sentences)', () => {
    const e = problem(400, 'validation_failed', {
      errors: [
        { path: 'body.name', message: 'is ongeldig' },
        { path: 'querystring.q', message: 'is ongeldig' },
      ],
    });
    expect(problemText(e, texts)).toBe(
      'app.problems.validation_failed ' +
        'app.problems.field {"field":"name","message":"is ongeldig"} ' +
        'app.problems.field {"field":"q","message":"is ongeldig"}',
    );
  });
});

describe('problemText (portal)', () => {
  it('says how many minutes a lock lasts', () => {
    const e = new ApiError(problem(429, 'too_many_requests').problem, 240);
    expect(problemText(e, texts, 'portal')).toBe('portal.login.locked {"minutes":4}');
    const soon = new ApiError(problem(429, 'too_many_requests').problem, 30);
    expect(problemText(soon, texts, 'portal')).toBe('portal.login.lockedSoon');
  });

  it("a 429 with its own cause (today's cap on new passwords) says the server's sentence, not a lock", () => {
    const e = new ApiError(
      problem(429, 'too_many_requests', { reason: 'family_checks' }).problem,
      86_000,
    );
    expect(problemText(e, texts, 'portal')).toBe('Server says');
  });

  it.each([
    ['an ended session', problem(401, 'unauthenticated'), 'portal.problems.session'],
    [
      'the password rules',
      problem(422, 'validation_failed', {
        errors: [{ path: 'body.password', message: 'Te kort.' }],
      }),
      'Te kort.',
    ],
    [
      "the schema's fragments, with the field named",
      problem(400, 'validation_failed', {
        errors: [
          { path: 'body.username', message: 'is ongeldig' },
          { path: 'body.pictures.2', message: 'mag hoogstens 40 tekens lang zijn' },
        ],
      }),
      'portal.problems.field {"field":"portal.fields.username","message":"is ongeldig"} ' +
        'mag hoogstens 40 tekens lang zijn',
    ],
    ['a 5xx', problem(500, 'internal'), 'portal.problems.generic'],
    ['a 4xx: the detail', problem(410, 'gone'), 'Server says'],
    ['a network failure', new TypeError('Failed to fetch'), 'portal.problems.network'],
    ['a bug', new RangeError('x'), 'portal.problems.generic'],
  ])('%s', (_what, error, expected) => {
    expect(problemText(error, texts, 'portal')).toBe(expected);
  });
});

describe('problemFromResponse', () => {
  it('keeps the problem+json and reads Retry-After', () => {
    const res = new Response(null, { status: 429, headers: { 'retry-after': '90' } });
    const e = problemFromResponse(
      { type: 't', title: 'Too many', status: 429, detail: 'Wait', code: 'too_many_requests' },
      res,
    );
    expect(e.problem).toMatchObject({ status: 429, code: 'too_many_requests', detail: 'Wait' });
    expect(e.retryAfterSeconds).toBe(90);
    expect(e.message).toBe('Wait');
  });

  it("keeps a problem's reason, so the portal shows the server's sentence for it", () => {
    const res = new Response(null, { status: 429, headers: { 'retry-after': '86000' } });
    const e = problemFromResponse(
      {
        type: 't',
        title: 'Too many',
        status: 429,
        detail: 'Je hebt vandaag te veel nieuwe wachtwoorden geprobeerd.',
        code: 'too_many_requests',
        reason: 'family_checks',
      },
      res,
    );
    expect(e.problem.reason).toBe('family_checks');
    expect(problemText(e, texts, 'portal')).toBe(
      'Je hebt vandaag te veel nieuwe wachtwoorden geprobeerd.',
    );
  });

  it('stands in for a body that is no problem (a proxy error page)', () => {
    const res = new Response(null, { status: 502, statusText: 'Bad Gateway' });
    const e = problemFromResponse('<html>', res);
    expect(e.problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'Bad Gateway',
      code: 'internal',
    });
    expect(e.retryAfterSeconds).toBeUndefined();
    expect(problemText(e, texts)).toBe('app.problems.server');
  });
});

describe('fieldErrors and problemStatus', () => {
  const e = problem(422, 'validation_failed', {
    errors: [
      { path: 'body.currentPassword', message: 'Niet juist.' },
      { path: 'body.newPassword', message: 'Te kort.' },
    ],
  });
  it('lists the messages, of one field or all', () => {
    expect(fieldErrors(e, 'body.newPassword')).toEqual(['Te kort.']);
    expect(fieldErrors(e)).toEqual(['Niet juist.', 'Te kort.']);
    expect(fieldErrors(new TypeError('x'))).toEqual([]);
  });
  it('gives the status of problems only', () => {
    expect(problemStatus(e)).toBe(422);
    expect(problemStatus(new Error('x'))).toBeUndefined();
  });
});

describe('endsSession', () => {
  const answer = (status: number, body: string, url = '/api/v1/auth/step-up/totp') => {
    const response = new Response(body, {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });
    Object.defineProperty(response, 'url', { value: `http://localhost${url}` });
    return response;
  };
  it.each([
    ['the session is gone', answer(401, '{"code":"unauthenticated"}'), true],
    ['a 401 a proxy answered without a problem', answer(401, 'Unauthorized'), true],
    ['a wrong code (the step-up, the set-up)', answer(401, '{"code":"invalid_code"}'), false],
    ['a refused passkey', answer(401, '{"code":"passkey_refused"}'), false],
    [
      'a wrong password confirmed in the session',
      answer(401, '{"code":"invalid_credentials"}', '/api/v1/me/security/confirm-password'),
      false,
    ],
    [
      'a wrong password at the login',
      answer(401, '{"code":"unauthenticated"}', '/api/v1/auth/login'),
      false,
    ],
    [
      'who am I, not logged in',
      answer(401, '{"code":"unauthenticated"}', '/api/v1/auth/me'),
      false,
    ],
    ['a 403', answer(403, '{"code":"step_up_required"}'), false],
    [
      'a 403 asking for the password',
      answer(403, '{"code":"password_confirmation_required"}'),
      false,
    ],
  ])('%s', async (_what, response, ends) => {
    expect(await endsSession(response)).toBe(ends);
    // The body is still there for the screen that asked.
    if (response.status === 401 && !ends) expect((await response.json()).code).toBeDefined();
  });
});
