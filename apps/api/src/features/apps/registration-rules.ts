import {
  AppError,
  ROW_CODES,
  type FieldError,
  type Localized,
  type RowCode,
} from '../../platform/errors/index.js';

// What an app registration must satisfy beyond the schema: URLs a provider can safely redirect
// to, and a logo that is an image of ours to serve (no third-party request from a child's device).

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOGO_MAX_BYTES = 64 * 1024;
const WHITESPACE = /\s/;

const DEFAULT_PORT: Record<string, string> = { 'https:': ':443', 'http:': ':80' };

/**
 * The host (and port) as the URL is written, lower-cased and without the scheme's default port,
 * or null when it is not written as `scheme://host/…`. A browser goes to the parsed host, a
 * person reads the written one: they must be the same (no backslash, no percent-encoded,
 * shortened or non-ASCII host; an international name is written in punycode).
 */
function writtenHost(value: string, url: URL): string | null {
  const m = /^https?:\/\/([^/?#]*)/i.exec(value);
  if (!m) return null;
  const host = m[1]!.toLowerCase();
  const port = DEFAULT_PORT[url.protocol];
  return port && host.endsWith(port) ? host.slice(0, -port.length) : host;
}

/**
 * The path and query as the URL is written (up to a fragment), "/" when none is written. The
 * browser goes to the parsed ones: a `..` or `.` segment, a backslash or a character it escapes
 * would send the code elsewhere on the app's site than the address the admin reads.
 */
function writtenPath(value: string): string {
  const rest = /^https?:\/\/[^/?#\\]*([^#]*)/i.exec(value)?.[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Why `value` is no acceptable app URL, or null. Redirect URIs also may not carry a fragment. */
export function urlProblem(value: string, opts: { fragment: boolean }): RowCode | null {
  if (WHITESPACE.test(value)) return 'app_url_spaces';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'app_url_not_absolute';
  }
  if (url.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(url.hostname)) return 'app_url_not_https';
  } else if (url.protocol !== 'https:') {
    return 'app_url_not_https';
  }
  if (url.username || url.password) return 'app_url_credentials';
  if (writtenHost(value, url) !== url.host) return 'app_url_host_unclear';
  if (writtenPath(value) !== url.pathname + url.search) return 'app_url_path_unclear';
  if (!opts.fragment && value.includes('#')) return 'app_url_fragment';
  return null;
}

/** A row of the problem: the catalogue's message, rendered in the request's language. */
function row(field: string, code: RowCode, params: Record<string, string> = {}): FieldError {
  const message = (ROW_CODES[code] as { message: { en: string } }).message.en;
  return { path: `body.${field}`, message, code, params };
}

function checkList(field: string, values: string[], errors: FieldError[]): string[] {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const problem = urlProblem(v, { fragment: false });
    if (problem) errors.push(row(`${field}.${i}`, problem));
    else if (seen.has(v)) errors.push(row(`${field}.${i}`, 'app_url_duplicate'));
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
export function logoProblem(value: string): FieldError | null {
  const m = DATA_URL.exec(value);
  if (!m) return row('logoUrl', 'app_logo_not_data_url');
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > LOGO_MAX_BYTES) return row('logoUrl', 'app_logo_too_large');
  if (!MAGIC[m[1]!]!(bytes))
    return row('logoUrl', 'app_logo_not_image', { type: m[1]!.toUpperCase() });
  return null;
}

/**
 * oidc-provider derives a pairwise `sub` from the redirect URIs' one host; with several hosts it
 * demands a sector_identifier_uri (which we do not offer), so such an app could never sign in.
 */
function pairwiseHostsProblem(redirectUris: string[]): boolean {
  const hosts = new Set<string>();
  for (const uri of redirectUris) {
    if (urlProblem(uri, { fragment: false })) return false; // reported on its own row
    hosts.add(new URL(uri).host);
  }
  return hosts.size > 1;
}

export interface RegistrationInput {
  name?: string;
  logoUrl?: string | null;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  launchUrl?: string | null;
  groups?: string[] | null;
  subjectType?: 'pairwise' | 'public';
}

/** The registration as it stands (on a change), for rules that combine fields. */
export interface CurrentRegistration {
  redirectUris: string[];
  subjectType: 'pairwise' | 'public';
}

const INVALID: Localized = {
  nl: 'De registratie van de app is niet geldig.',
  fr: 'L’enregistrement de l’app n’est pas valide.',
  en: 'The app registration is not valid.',
};

/**
 * Checks and normalises what an admin sends (with `current`, a change to that registration);
 * throws one 400 listing every problem.
 */
export function checkRegistration<T extends RegistrationInput>(
  input: T,
  opts: { platform: boolean; current?: CurrentRegistration },
): T {
  const errors: FieldError[] = [];
  const out = { ...input };
  if (input.name !== undefined) {
    out.name = input.name.trim();
    if (!out.name) errors.push(row('name', 'app_name_blank'));
  }
  if (input.logoUrl) {
    const problem = logoProblem(input.logoUrl);
    if (problem) errors.push(problem);
  }
  if (input.redirectUris) checkList('redirectUris', input.redirectUris, errors);
  if (input.postLogoutRedirectUris)
    checkList('postLogoutRedirectUris', input.postLogoutRedirectUris, errors);
  if (input.launchUrl) {
    const problem = urlProblem(input.launchUrl, { fragment: true });
    if (problem) errors.push(row('launchUrl', problem));
  }
  if (input.redirectUris !== undefined || input.subjectType !== undefined) {
    const subjectType = input.subjectType ?? opts.current?.subjectType ?? 'pairwise';
    const redirectUris = input.redirectUris ?? opts.current?.redirectUris ?? [];
    if (subjectType === 'pairwise' && pairwiseHostsProblem(redirectUris))
      errors.push(row('redirectUris', 'app_redirect_hosts'));
  }
  if (input.groups) {
    if (opts.platform) {
      errors.push(row('groups', 'app_groups_platform'));
    } else {
      const groups = [...new Set(input.groups.map((g) => g.trim()))];
      if (groups.some((g) => !g)) errors.push(row('groups', 'app_group_blank'));
      out.groups = groups;
    }
  }
  if (errors.length) throw new AppError('validation_failed', INVALID, errors);
  return out;
}
