import type { Duplex } from 'node:stream';
import type { Locale } from '@schoolloket/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  AppError,
  localizeProblem,
  problemTitle,
  validationMessage,
  type FieldError,
  type Localized,
  type ProblemCode,
} from '../platform/errors/index.js';
import { localeOf } from './request-client.js';

export const PROBLEM_TYPE_BASE = 'https://schoolloket.be/problems/';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

function send(reply: FastifyReply, problem: Problem) {
  reply.header('content-language', localeOf(reply.request));
  reply.header('vary', 'Accept-Language');
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** A problem of `code` with a detail in the request's language. */
function problem(request: FastifyRequest, code: ProblemCode, status: number, detail: Localized) {
  const locale = localeOf(request);
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: problemTitle(code, locale),
    status,
    detail: detail[locale],
    code,
  };
}

const DETAILS = {
  conflict: {
    nl: 'De wijziging botst met gegevens die tegelijk geschreven werden. Probeer opnieuw.',
    fr: 'La modification entre en conflit avec des données écrites au même moment. Réessayez.',
    en: 'The change conflicts with data that was written at the same time. Try again.',
  },
  timeout: {
    nl: 'De databank is druk en antwoordde niet op tijd. Er werd niets gewijzigd; probeer zo meteen opnieuw.',
    fr: "La base de données est occupée et n'a pas répondu à temps. Rien n'a été modifié ; réessayez dans un instant.",
    en: 'The database is busy and did not answer in time. Nothing was changed; try again in a moment.',
  },
  contention: {
    nl: 'Een gelijktijdige wijziging kwam deze in de weg. Er werd niets gewijzigd; probeer opnieuw.',
    fr: "Une modification simultanée a gêné celle-ci. Rien n'a été modifié ; réessayez.",
    en: 'A concurrent change got in the way of this one. Nothing was changed; try again.',
  },
  down: {
    nl: 'De databank is niet bereikbaar. Er werd niets gewijzigd; probeer zo meteen opnieuw.',
    fr: "La base de données est injoignable. Rien n'a été modifié ; réessayez dans un instant.",
    en: 'The database could not be reached. Nothing was changed; try again in a moment.',
  },
  longSegment: { nl: 'Niet gevonden.', fr: 'Introuvable.', en: 'Not found.' },
  unreadableUrl: {
    nl: 'De URL kan niet gelezen worden.',
    fr: "L'URL est illisible.",
    en: 'The URL cannot be read.',
  },
  unreadableRequest: {
    nl: 'Het verzoek kan niet gelezen worden (een ongeldige of te grote header, of een onvolledig verzoek).',
    fr: 'La requête est illisible (un en-tête invalide ou trop grand, ou une requête incomplète).',
    en: 'The request cannot be read (an invalid or too large header, or an incomplete request).',
  },
} satisfies Record<string, Localized>;

/** What Node's HTTP parser refused, by its error code: status and reason phrase. */
function clientErrorStatus(code: string | undefined): [number, string] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'Request Timeout'];
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'Request Header Fields Too Large'];
  return [400, 'Bad Request'];
}

/**
 * Fastify's `clientErrorHandler`: a request that Node's HTTP parser refused (a control character
 * in a header, a malformed chunk, headers over the limit, a timeout) never becomes a request, so
 * no hook or error handler sees it. It is answered here as problem+json too, in Dutch (no header
 * of it could be read for the language), and the connection closed. The log line names the
 * parser's error only: the error Node hands over carries the request's raw bytes (`rawPacket`:
 * cookies, a login's password, an app's Basic credentials), which Fastify's own handler logs
 * whole at trace level.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  err: Error & { code?: string },
  socket: Duplex,
): void {
  // A reset connection has nobody left to answer (as Fastify's own handler).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason] = clientErrorStatus(err.code);
  this.log.trace({ clientError: { code: err.code, message: err.message } }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}bad_request`,
      title: problemTitle('bad_request', 'nl'),
      status,
      detail: DETAILS.unreadableRequest.nl,
      code: 'bad_request',
    });
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        'Content-Language: nl\r\n' +
        'Cache-Control: no-store\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify's own 4xx codes, mapped to our stable codes. */
function fastifyCode(err: FastifyError): ProblemCode {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'payload_too_large';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported_media_type';
  if (err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError) return 'malformed_body';
  if (err.statusCode === 429) return 'too_many_requests';
  return 'bad_request';
}

/** 23505 from pg or PGlite. */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/** Connection loss / shutdown: the request may be retried, nothing was committed. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = (err as Error | null)?.message ?? '';
  return (
    [
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08003',
      '08006',
      // Too many connections, for the role, the database or the server (found by an outside
      // test: a pool over the role's connection limit answered 500 to every request).
      '53300',
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      // The database host's name does not resolve (a container being re-created).
      'ENOTFOUND',
      'EAI_AGAIN',
    ].includes(code) ||
    // ALTER DATABASE … ALLOW_CONNECTIONS false (maintenance); 55000 has other causes too.
    (code === '55000' && /not currently accepting connections/i.test(message)) ||
    /Connection terminated|connection.*closed|Client has encountered a connection error/i.test(
      message,
    )
  );
}

/**
 * The database's own timeouts fired (statement_timeout 57014, lock_timeout 55P03,
 * idle_in_transaction_session_timeout 25P03) or no pool connection came free in time: the
 * statement was cancelled and its transaction rolled back, so the request may be retried.
 */
/** deadlock_detected and serialization_failure: the transaction was rolled back. */
function isContention(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}

function isDatabaseTimeout(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = (err as Error | null)?.message ?? '';
  return (
    ['57014', '55P03', '25P03'].includes(code) ||
    /timeout exceeded when trying to connect/i.test(message)
  );
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route runs. A path segment
 * longer than any id answers like an unknown id (404); a URL that cannot be decoded, 400.
 */
export function frameworkProblem(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return send(reply, problem(request, 'not_found', 404, DETAILS.longSegment));
  return send(reply, problem(request, 'bad_request', 400, DETAILS.unreadableUrl));
}

export default fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler(noRoute);
  app.setErrorHandler(errorProblem);
});

function noRoute(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!.replace(/[^\x20-\x7e]/g, '?');
  return send(
    reply,
    problem(request, 'not_found', 404, {
      nl: `Geen route voor ${request.method} ${path}`,
      fr: `Aucune route pour ${request.method} ${path}`,
      en: `No route for ${request.method} ${path}`,
    }),
  );
}

/** Whatever a request threw, answered as a problem in the request's language. */
function errorProblem(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(request);
  if (err instanceof AppError) return appProblem(reply, err, locale);
  if (err.validation)
    return validationProblem(reply, err.validation, err.validationContext, locale);
  if (isUniqueViolation(err)) {
    request.log.warn({ err }, 'unique violation reached the error handler');
    return send(reply, problem(request, 'conflict', 409, DETAILS.conflict));
  }
  if (isDatabaseTimeout(err)) {
    request.log.warn({ err }, 'database timeout');
    reply.header('retry-after', '5');
    return send(reply, {
      ...problem(request, 'unavailable', 503, DETAILS.timeout),
      reason: 'database_timeout',
    });
  }
  if (isContention(err)) {
    // PostgreSQL ended this transaction to let a concurrent one finish (a deadlock, or a
    // serialization failure): all of it was rolled back, and the same request can simply be
    // sent again (found by an outside review: two schools' bulk creations deadlocked into a 500).
    request.log.warn({ err }, 'transaction ended by a concurrent one');
    reply.header('retry-after', '1');
    return send(reply, {
      ...problem(request, 'unavailable', 503, DETAILS.contention),
      reason: 'database_contention',
    });
  }
  if (isDatabaseUnavailable(err)) {
    request.log.error({ err }, 'database unavailable');
    reply.header('retry-after', '2');
    return send(reply, problem(request, 'unavailable', 503, DETAILS.down));
  }
  return otherProblem(err, request, reply, locale);
}

/** Our own errors: their code, status, localized text and extras (Retry-After from these). */
function appProblem(reply: FastifyReply, err: AppError, locale: Locale) {
  const retryAfter = err.extra?.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return send(reply, {
    type: `${PROBLEM_TYPE_BASE}${err.code}`,
    status: err.status,
    code: err.code,
    ...localizeProblem(err, locale),
    ...err.extra,
  });
}

/** A request that failed its schema: a field error per finding, with the field's path. */
function validationProblem(
  reply: FastifyReply,
  validation: NonNullable<FastifyError['validation']>,
  context: FastifyError['validationContext'],
  locale: Locale,
) {
  const where = context ?? 'body';
  const errors = validation.map((v) => {
    const missing = v.params as
      { requiredProperties?: string[]; missingProperty?: string } | undefined;
    const extraProp = v.params as
      { additionalProperties?: string[]; additionalProperty?: string } | undefined;
    let path = `${where}${v.instancePath.replaceAll('/', '.')}`;
    const prop =
      missing?.requiredProperties?.[0] ??
      missing?.missingProperty ??
      extraProp?.additionalProperties?.[0] ??
      extraProp?.additionalProperty;
    if (prop) path = `${path}.${prop}`;
    const message = validationMessage(v.keyword, v.params as Record<string, unknown>, locale);
    return { path, message };
  });
  return send(reply, {
    type: `${PROBLEM_TYPE_BASE}validation_failed`,
    title: problemTitle('validation_failed', locale),
    status: 400,
    detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    code: 'validation_failed',
    errors,
  });
}

/** Fastify's own 4xx with its stable code; anything else is ours to log, a 500. */
function otherProblem(
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
) {
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status < 500) {
    const code = fastifyCode(err);
    // Fastify's own messages are English only: other languages get the code's title.
    const detail = locale === 'en' ? err.message : problemTitle(code, locale);
    return send(reply, {
      ...problem(request, code, status, { nl: detail, fr: detail, en: detail }),
    });
  }
  request.log.error({ err }, 'unhandled error');
  return send(
    reply,
    problem(request, 'internal', 500, {
      nl: `Er ging iets mis bij ons. Vermeld request-id ${request.id} aan de helpdesk.`,
      fr: `Une erreur s'est produite chez nous. Mentionnez l'identifiant de requête ${request.id} au support.`,
      en: `Something went wrong on our side. Quote request id ${request.id} to support.`,
    }),
  );
}
