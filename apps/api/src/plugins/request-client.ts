import type { Locale } from '@schoolloket/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors/index.js';
import { isLocale, localeFromHeader } from '../platform/mail/index.js';
import { deviceCookieFromHeader } from '../platform/security/index.js';

/** Who is asking, as the login throttles see it: the address, the device cookie, the browser. */
export function requestClient(request: FastifyRequest) {
  return {
    ip: request.ip,
    // Every copy the browser sent (an earlier version's path too), merged.
    deviceCookie: deviceCookieFromHeader(request.headers.cookie),
    userAgent: request.headers['user-agent'],
  };
}

/** The admin behind the request's session; 401 for anyone else (routes behind requireAdmin). */
export function sessionAdmin(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.kind !== 'admin') throw new AppError('unauthenticated');
  return actor;
}

/** The language the request's Accept-Language asks for, of those we write in; else `fallback`. */
export function requestLocale(request: FastifyRequest, fallback: Locale = 'nl'): Locale {
  return localeFromHeader(request.headers['accept-language'], fallback);
}

/**
 * The language of an answer (a problem body, the texts of a page behind a mailed link): `?locale=`
 * where an operation has it, else Accept-Language, else nl.
 */
export function localeOf(request: FastifyRequest): Locale {
  const query = request.query as { locale?: unknown } | undefined;
  if (isLocale(query?.locale)) return query.locale;
  return requestLocale(request);
}
