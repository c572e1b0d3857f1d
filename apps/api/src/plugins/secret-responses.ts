import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { API_PREFIX } from './security.js';

// Every answer that carries a secret must not be kept by a browser or proxy cache. Every answer of
// the JSON API carries Cache-Control: no-store (security.ts); which answers carry a secret is read
// from the OpenAPI document itself (the route schemas), and the app refuses to start when one of
// them lies outside the API, so a new route that returns a password is covered without anyone
// remembering to set the header (test/security/no-store.test.ts calls every one of them).

/** Properties whose value is a credential (a password, picture sequence, token or key). */
const SECRET_FIELD = /^(password|pictures|token|secret|apiKey|clientSecret|codes)$/i;
/** Files that print or list passwords (cards, stickers, Excel, letters, ZIP). */
const SECRET_FILE = /^application\/(zip|pdf|vnd\.openxmlformats)/;

interface OpenApiDoc {
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown> };
}

function hasSecretField(schema: unknown, components: Record<string, unknown>, seen: Set<string>) {
  if (!schema || typeof schema !== 'object') return false;
  const node = schema as Record<string, unknown>;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.split('/').pop() ?? '';
    if (seen.has(name)) return false;
    seen.add(name);
    return hasSecretField(components[name], components, seen);
  }
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(properties)) {
    if (SECRET_FIELD.test(key) || hasSecretField(value, components, seen)) return true;
  }
  for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf']) {
    const child = node[key];
    const list = Array.isArray(child) ? child : [child];
    if (list.some((c) => hasSecretField(c, components, seen))) return true;
  }
  return false;
}

/** `get /api/v1/…/{bid}` keys of the operations whose success answer carries a secret. */
export function secretOperations(doc: OpenApiDoc): Set<string> {
  const components = doc.components?.schemas ?? {};
  const found = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        const content = ((response as { content?: Record<string, { schema?: unknown }> }).content ??
          {}) as Record<string, { schema?: unknown }>;
        for (const [type, media] of Object.entries(content)) {
          if (SECRET_FILE.test(type) || hasSecretField(media.schema, components, new Set()))
            found.add(`${method} ${path}`);
        }
      }
    }
  }
  return found;
}

export default fp(async function secretResponses(app: FastifyInstance) {
  app.addHook('onReady', async () => {
    const outside = [...secretOperations(app.swagger() as OpenApiDoc)].filter(
      (operation) => !operation.split(' ')[1]!.startsWith(API_PREFIX),
    );
    if (outside.length)
      throw new Error(`answers with a secret outside ${API_PREFIX} (no no-store): ${outside}`);
  });
});
