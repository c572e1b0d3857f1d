import { afterAll, beforeAll } from '@jest/globals';
import { createInstitution } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

// What a test file sets up once for all its tests, named at the top of the file.

/**
 * A stand-in for an object that a file's beforeAll makes (its app, a logged-in agent, a school
 * row), so the file can name it at the top: each use reads the member from the object made by
 * then. For objects only; a string id is read through its setup's getter.
 */
export function madeLater<T extends object>(get: () => T | undefined, what: string): T {
  const made = () => {
    const value = get();
    if (value === undefined) throw new Error(`${what} is made in beforeAll; use it in a test`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const target = made();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(made(), key, value),
    has: (_, key) => Reflect.has(made(), key),
  });
}

/** The file's app: started before its tests, closed after them, usable from the top of the file. */
export function appForFile<A extends TestApp = TestApp>(
  start: () => Promise<A> = () => createTestApp() as Promise<A>,
): A {
  let t: A | undefined;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t?.close());
  return madeLater(() => t, "the file's app");
}

/** The file's app with one school in it (named Sint-Jozef unless told). */
export function appWithSchool(name = 'Sint-Jozef') {
  const t = appForFile();
  let school: { id: string } | undefined;
  beforeAll(async () => {
    school = await createInstitution(t.ctx, { name });
  });
  return { t, school: madeLater(() => school, 'the school') };
}
