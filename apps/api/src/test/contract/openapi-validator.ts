import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Validates values against schemas of the served OpenAPI document with Ajv: the document is
// added whole under one id, so its internal references (#/components/schemas/…) resolve as an
// integrator's tooling resolves them, with no schema copied out of it.

// ajv-formats is CommonJS with a default export; its ESM interop varies by loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export interface MediaObject {
  schema?: unknown;
  example?: unknown;
}
export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaObject>;
  headers?: Record<string, { schema?: unknown; required?: boolean }>;
}
export interface OperationObject {
  operationId: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, MediaObject> };
  responses: Record<string, ResponseObject>;
}
export interface Document {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown> };
}

const DOC_ID = 'https://schoolloket.test/openapi.json';

const pointer = (parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class DocumentValidator {
  private readonly ajv: Ajv2020;

  constructor(readonly doc: Document) {
    // strict off: the document carries OpenAPI keywords (example, xml, …) Ajv does not know.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
  }

  operations(): Array<{ method: string; path: string; op: OperationObject }> {
    return Object.entries(this.doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method, path, op })),
    );
  }

  /** Ajv errors (empty when valid) of `value` against the schema at `location` in the document. */
  errorsAt(location: string[], value: unknown): ErrorObject[] {
    const ref = `${DOC_ID}#/${pointer(location)}`;
    const validate = this.ajv.getSchema(ref) ?? this.ajv.compile({ $ref: ref });
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }
}
