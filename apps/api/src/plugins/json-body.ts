import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors/index.js';

const CHARSET_RE = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * JSON bodies in UTF-8 only (RFC 8259 §8.1): Fastify's parser reads every body as UTF-8 whatever
 * its Content-Type says, so a body declared `charset=utf-16` or `iso-8859-1` was read as
 * something it is not (found by an outside test). Such a body is now 415, with what to send
 * instead; no charset, `utf-8` or `utf8` is read as before by Fastify's own parser (its limits,
 * its checks against prototype poisoning), once the bytes are UTF-8 indeed. Called on the root
 * before any plugin is registered: a scope copies its parent's parsers when it loads.
 */
export function utf8JsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = CHARSET_RE.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(
        new AppError('unsupported_media_type', {
          nl: 'Stuur JSON in UTF-8: `Content-Type: application/json` (zonder charset of met `charset=utf-8`).',
          fr: 'Envoyez le JSON en UTF-8 : `Content-Type: application/json` (sans charset ou avec `charset=utf-8`).',
          en: 'Send JSON in UTF-8: `Content-Type: application/json` (no charset, or `charset=utf-8`).',
        }),
        undefined,
      );
      return;
    }
    // Bytes that are not UTF-8 (a Latin-1 "é" sent without a charset) would be read as U+FFFD
    // and stored as such in a child's name (found by an outside test): refused instead.
    if (!isUtf8(body as Buffer)) {
      done(
        new AppError('malformed_body', {
          nl: 'De inhoud is geen geldige UTF-8: stuur JSON in UTF-8.',
          fr: "Le contenu n'est pas de l'UTF-8 valide : envoyez le JSON en UTF-8.",
          en: 'The body is not valid UTF-8: send JSON in UTF-8.',
        }),
        undefined,
      );
      return;
    }
    void parse(request, (body as Buffer).toString('utf8'), done);
  });
}
