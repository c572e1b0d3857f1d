import { isIP } from 'node:net';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

export function parseUrl(name: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

export function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function parseMegabytes(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw))
    throw new ConfigError(name, `must be a whole number of MB, got "${raw}"`);
  return Number(raw);
}

/**
 * A whole number from `min` to `max` written with at most `digits` digits; unset or empty gives
 * the fallback. `unit` names what is counted in the message ("of milliseconds").
 */
export function parseWholeNumber(
  name: string,
  raw: string | undefined,
  range: { fallback: number; min: number; max: number; digits: number; unit?: string },
): number {
  if (raw === undefined || raw === '') return range.fallback;
  const n = Number(raw);
  if (!new RegExp(`^\\d{1,${range.digits}}$`).test(raw) || n < range.min || n > range.max)
    throw new ConfigError(
      name,
      `must be a whole number${range.unit ? ` of ${range.unit}` : ''} from ${range.min} to ${range.max}, got "${raw}"`,
    );
  return n;
}

export function parsePort(env: Env): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

/**
 * Outside production the links on cards, in letters and in mails point at this server as
 * started: a wildcard or loopback address becomes localhost, another host is used as given.
 */
export function defaultBaseUrl(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', ''].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * `true` would take X-Forwarded-For from anyone, so every per-address limit could be dodged by
 * sending a made-up header: only a hop count or the proxies' own addresses are accepted.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw.trim() === '' || /^(false|0)$/i.test(raw.trim())) return false;
  const value = raw.trim();
  if (/^(true|yes|on|\*)$/i.test(value)) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must not be "${value}" (that trusts X-Forwarded-For from every client, so per-address ` +
        "limits could be dodged): give the reverse proxy's address or CIDR (e.g. " +
        '"10.0.0.5" or "10.0.0.0/8,127.0.0.1"), "loopback", or the number of proxy hops (e.g. "1")',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `hop count must be 1-10, got "${value}"`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!PROXY_NAMES.has(entry) && !isAddressOrCidr(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be proxy addresses/CIDRs separated by commas, "loopback", or a hop count; ` +
          `"${entry}" is none of these`,
      );
    }
  }
  return entries;
}
