import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// The architecture rules of docs/architecture.md are lint rules (eslint.config.js): only
// repositories query the database, and a module is entered through its index.ts. Each case
// lints a snippet as if it stood at the given path, with the project's own configuration, and
// says which rule (if any) refuses it. Type-aware linting is switched off for the snippets: the
// files do not exist, and these rules read the text only.

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

const LINT_ALL = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
    },
  },
});
const out = [];
for (const [filePath, code] of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push(result.messages.map((m) => m.ruleId ?? 'parse: ' + m.message));
}
console.log(JSON.stringify(out));
`;

function lint(cases: Array<[string, string]>): Promise<string[][]> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', LINT_ALL, JSON.stringify(cases)],
      { cwd: ROOT },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    ),
  );
}

const QUERY = "export const f = (db: Db) => db.selectFrom('students').selectAll().execute();\n";
const importing = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

const IMPORT = 'no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';

// [where, what, the rules that refuse it ([] = allowed)]
const CASES: Array<[string, string, string[]]> = [
  // Rule 2: only repositories (and db/, tests) query.
  ['apps/api/src/features/imports/plan.ts', QUERY, [SYNTAX]],
  ['apps/api/src/features/imports/parse/cells.ts', QUERY, [SYNTAX]],
  ['apps/api/src/platform/mail/outbox.ts', QUERY, [SYNTAX]],
  ['apps/api/src/plugins/auth.ts', QUERY, [SYNTAX]],
  ['apps/api/src/features/imports/plan.ts', importing('kysely'), [IMPORT]],
  ['apps/api/src/features/imports/repository.ts', QUERY, []],
  ['apps/api/src/features/imports/throttle.repository.ts', QUERY, []],
  ['apps/api/src/db/purge.ts', QUERY, []],
  // Rule 3: another module's internals only through its door.
  ['apps/api/src/features/imports/plan.ts', importing('../students/repository.js'), [IMPORT]],
  ['apps/api/src/features/imports/plan.ts', importing('../students/list.js'), [IMPORT]],
  ['apps/api/src/features/imports/plan.ts', importing('../../platform/mail/outbox.js'), [IMPORT]],
  ['apps/api/src/features/imports/parse/cells.ts', importing('../../students/list.js'), [IMPORT]],
  ['apps/api/src/features/imports/repository.ts', importing('../students/repository.js'), [IMPORT]],
  ['apps/api/src/platform/mail/outbox.ts', importing('../jobs/repository.js'), [IMPORT]],
  ['apps/api/src/plugins/auth.ts', importing('../features/auth/service.js'), [IMPORT]],
  ['apps/api/src/features/imports/plan.ts', importing('../students/index.js'), []],
  ['apps/api/src/features/imports/parse/cells.ts', importing('../../students/index.js'), []],
  ['apps/api/src/features/imports/plan.ts', importing('./repository.js'), []],
  ['apps/api/src/features/imports/parse/cells.ts', importing('../repository.js'), []],
  [
    'apps/api/src/features/imports/parse/deep/cells.ts',
    importing('../../../students/list.js'),
    [IMPORT],
  ],
  [
    'apps/api/src/features/imports/parse/repository.ts',
    importing('../../students/repository.js'),
    [IMPORT],
  ],
  ['apps/api/src/platform/mail/render/blocks.ts', importing('../../jobs/repository.js'), [IMPORT]],
  ['apps/api/src/platform/mail/render/blocks.ts', QUERY, [SYNTAX]],
  ['apps/api/src/features/imports/parse/deep/cells.ts', QUERY, [SYNTAX]],
  ['apps/api/src/app.ts', importing('./features/imports/imports.routes.js'), []],
  ['apps/api/src/plugins/auth.ts', importing('../features/auth/auth.routes.js'), [IMPORT]],
  ['apps/api/src/jobs.ts', importing('./features/auth/auth.routes.js'), [IMPORT]],
  ['apps/api/src/features/apps/apps.routes.ts', importing('./app-admin.routes.js'), []],
  // Services throw AppError; Fastify stays in routes and plugins.
  ['apps/api/src/features/imports/plan.ts', importing('fastify'), [IMPORT]],
  ['apps/api/src/features/imports/parse/cells.ts', importing('fastify'), [IMPORT]],
  ['apps/api/src/features/imports/imports.routes.ts', importing('fastify'), []],
];

describe('architecture rules in lint', () => {
  it('refuses queries outside repositories and imports past a module door, and only those', async () => {
    const found = await lint(CASES.map(([path, code]) => [path, code]));
    const refusedBy = found.map((ids) => [...new Set(ids)].sort());
    expect(CASES.map(([path, code], i) => [path, code, refusedBy[i]])).toEqual(CASES);
  }, 120_000);
});
