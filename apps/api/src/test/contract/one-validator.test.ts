import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { appForFile } from '../per-file.js';

// Every route validates with the same TypeBox compiler, also in plugins that register shared
// schemas (Fastify rebuilds their validator, by default with a coercing Ajv): an integer sent as
// the string "3" is a 400 everywhere, for every integer property of every JSON request body.

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const t = appForFile();
let agent: supertest.Agent;
let ids: Record<string, string>;
let spec: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

beforeAll(async () => {
  const iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid, platform: true });
  agent = await loginAs(t.request(), admin.email);
  const student = await createStudent(t.ctx, iid);
  ids = { iid, sid: student.id, stamnummer: student.stamnummer, slot: '1' };
  spec = (await t.request().get('/api/openapi.json')).body as typeof spec;
}, 120_000);

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  return spec.components.schemas[schema.$ref.split('/').pop() ?? ''] ?? schema;
}

function isInteger(schema: Schema): boolean {
  const s = resolve(schema);
  if (s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer'))) return true;
  return (s.anyOf ?? []).some(isInteger);
}

function integerProperties(schema: Schema): string[] {
  const s = resolve(schema);
  return Object.entries(s.properties ?? {})
    .filter(([, p]) => isInteger(p))
    .map(([name]) => name);
}

describe('one validator for every route', () => {
  it('answers 400 for an integer sent as a string, on every operation with an integer body property', async () => {
    const checked: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? ids.sid!);
        for (const prop of integerProperties(schema)) {
          const res = await agent[method as 'post'](url).send({ [prop]: '3' });
          expect({ op: `${method} ${path}`, prop, status: res.status }).toEqual({
            op: `${method} ${path}`,
            prop,
            status: 400,
          });
          const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
          expect(paths).toContain(`body.${prop}`);
          checked.push(`${method} ${path} ${prop}`);
        }
      }
    }
    // The sync (expectedLeavers) and school settings are among them; the walk is not vacuous.
    expect(checked).toEqual(
      expect.arrayContaining([
        'put /api/v1/institutions/{iid}/students expectedLeavers',
        'patch /api/v1/institutions/{iid} coAccountSlots',
      ]),
    );
  });
});
