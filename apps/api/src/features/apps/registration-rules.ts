import { AppError, type FieldError } from '../../platform/errors/index.js';

// What an app registration must satisfy beyond the schema: URLs a provider can safely redirect
// to, and a logo that is an image of ours to serve (no third-party request from a child's device).

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOGO_MAX_BYTES = 64 * 1024;
const WHITESPACE = /\s/;

/** Why `value` is no acceptable app URL, or null. Redirect URIs also may not carry a fragment. */
export function urlProblem(value: string, opts: { fragment: boolean }): string | null {
  if (WHITESPACE.test(value)) return 'must not contain spaces';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(url.hostname)) return 'must use https (http only on localhost)';
  } else if (url.protocol !== 'https:') {
    return 'must use https (http only on localhost)';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  if (!opts.fragment && value.includes('#')) return 'must not contain a fragment (#)';
  return null;
}

function checkList(path: string, values: string[], errors: FieldError[]): string[] {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const problem = urlProblem(v, { fragment: false });
    if (problem) errors.push({ path: `${path}/${i}`, message: problem });
    else if (seen.has(v)) errors.push({ path: `${path}/${i}`, message: 'is listed twice' });
    seen.add(v);
  });
  return values;
}

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  png: (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
};
const DATA_URL = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

/** Why `value` is no acceptable logo, or null. */
export function logoProblem(value: string): string | null {
  const m = DATA_URL.exec(value);
  if (!m) return 'must be a data: URL of a PNG, JPEG or WebP image (base64)';
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > LOGO_MAX_BYTES) return 'must be at most 64 KB';
  if (!MAGIC[m[1]!]!(bytes)) return `is not a ${m[1]!.toUpperCase()} image`;
  return null;
}

export interface RegistrationInput {
  name?: string;
  logoUrl?: string | null;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  launchUrl?: string | null;
  groups?: string[] | null;
}

/** Checks and normalises what an admin sends; throws one 400 listing every problem. */
export function checkRegistration<T extends RegistrationInput>(
  input: T,
  opts: { platform: boolean },
): T {
  const errors: FieldError[] = [];
  const out = { ...input };
  if (input.name !== undefined) {
    out.name = input.name.trim();
    if (!out.name) errors.push({ path: '/name', message: 'must not be empty' });
  }
  if (input.logoUrl) {
    const problem = logoProblem(input.logoUrl);
    if (problem) errors.push({ path: '/logoUrl', message: problem });
  }
  if (input.redirectUris) checkList('/redirectUris', input.redirectUris, errors);
  if (input.postLogoutRedirectUris)
    checkList('/postLogoutRedirectUris', input.postLogoutRedirectUris, errors);
  if (input.launchUrl) {
    const problem = urlProblem(input.launchUrl, { fragment: true });
    if (problem) errors.push({ path: '/launchUrl', message: problem });
  }
  if (input.groups) {
    if (opts.platform) {
      errors.push({ path: '/groups', message: 'groups belong to a school: not for platform apps' });
    } else {
      const groups = [...new Set(input.groups.map((g) => g.trim()))];
      if (groups.some((g) => !g)) errors.push({ path: '/groups', message: 'has an empty group' });
      out.groups = groups;
    }
  }
  if (errors.length)
    throw new AppError('validation_failed', 'The app registration is not valid.', errors);
  return out;
}
