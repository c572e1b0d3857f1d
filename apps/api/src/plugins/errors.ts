import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../platform/errors/index.js';

export const PROBLEM_TYPE_BASE = 'https://schoolloket.be/problems/';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

function send(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** Fastify's own 4xx codes, mapped to our stable codes. */
function fastifyCode(err: FastifyError): string {
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
function isDatabaseUnavailable(err: unknown): boolean {
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
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
    ].includes(code) ||
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
function isDatabaseTimeout(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = (err as Error | null)?.message ?? '';
  return (
    ['57014', '55P03', '25P03'].includes(code) ||
    /timeout exceeded when trying to connect/i.test(message)
  );
}

export default fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) =>
    send(reply, {
      type: `${PROBLEM_TYPE_BASE}not_found`,
      title: 'Not found',
      status: 404,
      detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
      code: 'not_found',
    }),
  );

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      const retryAfter = err.extra?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}${err.code}`,
        title: err.title,
        status: err.status,
        detail: err.message,
        code: err.code,
        ...(err.errors ? { errors: err.errors } : {}),
        ...err.extra,
      });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => {
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
        return { path, message: v.message ?? 'is invalid' };
      });
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}validation_failed`,
        title: 'The request is not valid',
        status: 400,
        detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        code: 'validation_failed',
        errors,
      });
    }
    if (isUniqueViolation(err)) {
      request.log.warn({ err }, 'unique violation reached the error handler');
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}conflict`,
        title: 'Conflict',
        status: 409,
        detail: 'The change conflicts with data that was written at the same time. Try again.',
        code: 'conflict',
      });
    }
    if (isDatabaseTimeout(err)) {
      request.log.warn({ err }, 'database timeout');
      reply.header('retry-after', '5');
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}unavailable`,
        title: 'Service temporarily unavailable',
        status: 503,
        detail:
          'The database is busy and did not answer in time. Nothing was changed; try again in a moment.',
        code: 'unavailable',
        reason: 'database_timeout',
      });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      reply.header('retry-after', '2');
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}unavailable`,
        title: 'Service temporarily unavailable',
        status: 503,
        detail: 'The database could not be reached. Nothing was changed; try again in a moment.',
        code: 'unavailable',
      });
    }
    const status =
      err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status < 500) {
      const code = fastifyCode(err);
      return send(reply, {
        type: `${PROBLEM_TYPE_BASE}${code}`,
        title: code === 'payload_too_large' ? 'Request too large' : 'Bad request',
        status,
        detail: err.message,
        code,
      });
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, {
      type: `${PROBLEM_TYPE_BASE}internal`,
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${request.id} to support.`,
      code: 'internal',
    });
  });
});
