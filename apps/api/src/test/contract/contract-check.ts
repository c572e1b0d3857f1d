import type { Response } from 'supertest';
import { DocumentValidator, type Document, type OperationObject } from './openapi-validator.js';

// Checks one real answer against what the document promises for its operation: a declared
// status, a declared media type (and no body where none is declared), the body valid against
// the document's schema with no field the schema does not name, and the headers: every declared
// one valid, every header of the API's own contract declared where it is sent.

/** Headers an integrator acts on: sending one the document does not declare fails the check. */
const CONTRACT_HEADERS = [
  'retry-after',
  'location',
  'content-disposition',
  'x-not-reprintable',
  'x-skipped-no-account',
  'idempotency-key',
  'idempotent-replayed',
  'ratelimit',
  'ratelimit-policy',
];

/** A copy in which every object schema that does not say otherwise refuses undeclared fields. */
export function closedSchemas<T>(value: T): T {
  if (Array.isArray(value)) return value.map(closedSchemas) as T;
  if (!value || typeof value !== 'object') return value;
  const copy = Object.fromEntries(
    Object.entries(value).map(([key, sub]) => [key, closedSchemas(sub)]),
  ) as Record<string, unknown>;
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy as T;
}

interface Located {
  path: string;
  method: string;
  op: OperationObject;
}

export class ContractChecker {
  readonly validator: DocumentValidator;
  readonly byId = new Map<string, Located>();

  constructor(doc: Document) {
    this.validator = new DocumentValidator(closedSchemas(doc));
    for (const located of this.validator.operations())
      this.byId.set(located.op.operationId, located);
  }

  /** What the answer breaks of the document (empty when it keeps every promise). */
  violations(operationId: string, res: Response): string[] {
    const located = this.byId.get(operationId);
    if (!located) return [`no operation ${operationId} in the document`];
    const { path, method, op } = located;
    const status = String(res.status);
    const declared = op.responses[status];
    if (!declared) return [`status ${status} is not declared (${JSON.stringify(res.body)})`];
    const out: string[] = [];
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const media = declared.content ?? {};
    if (Object.keys(media).length === 0) {
      if (res.text || type) out.push(`body of type "${type}" where none is declared`);
    } else if (!media[type]) {
      out.push(`content type "${type}" is not one of ${Object.keys(media).join(', ')}`);
    } else if (type.endsWith('json')) {
      const at = ['paths', path, method, 'responses', status, 'content', type, 'schema'];
      for (const e of this.validator.errorsAt(at, res.body))
        out.push(`body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    }
    const headers = declared.headers ?? {};
    const names = Object.keys(headers).map((h) => h.toLowerCase());
    for (const [name, header] of Object.entries(headers)) {
      const value = res.headers[name.toLowerCase()] as string | undefined;
      if (value === undefined) {
        if (header.required) out.push(`required header ${name} is missing`);
        continue;
      }
      const schema = header.schema as { type?: string } | undefined;
      const typed = schema?.type === 'integer' || schema?.type === 'number' ? Number(value) : value;
      const at = ['paths', path, method, 'responses', status, 'headers', name, 'schema'];
      for (const e of this.validator.errorsAt(at, typed)) out.push(`header ${name} ${e.message}`);
    }
    for (const name of CONTRACT_HEADERS)
      if (res.headers[name] !== undefined && !names.includes(name))
        out.push(`header ${name} is sent but not declared`);
    return out;
  }
}
