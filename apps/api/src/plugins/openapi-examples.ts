// Examples for the document, built from each schema and one dictionary of realistic values by
// property name: an example can never drift from its schema (a test validates every one of
// them against it with Ajv), and a value a schema refuses (pattern, enum, format) fails that
// test instead of reaching an integrator.

type Schema = Record<string, unknown>;

const ID = '0b3e6f5a-8c1d-4e2f-9a7b-6c5d4e3f2a10';

/** Values by property name; used when they fit the property's type (and enum, if any). */
const BY_NAME: Record<string, unknown> = {
  stamnummer: '20231045',
  firstName: 'Emma',
  lastName: 'Peeters',
  officialFirstName: 'Emma Maria',
  officialLastName: 'Peeters',
  childFirstName: 'Emma',
  name: 'Emma Peeters',
  schoolName: 'Sint-Jozefschool',
  appName: 'Rekenrally',
  group: '3A',
  gender: 'V',
  birthDate: '2015-03-14',
  enrolledUntil: '2027-06-30',
  leaversEndDate: '2026-08-31',
  username: 'emma.peeters',
  email: 'an.claes@example.be',
  helpdeskEmail: 'ict@sint-jozef.example.be',
  helpdeskPhone: '+32 3 123 45 67',
  phone: '+32 3 123 45 67',
  parentEmail1: 'an.claes@example.be',
  password: 'zonnig-fiets-42',
  locale: 'nl',
  clientId: 'rekenrally',
  clientSecret: 'cs_9f2c4b7e1a6d3f8e0b5c2a7d4e1f6b3c',
  secret: 'JBSWY3DPEHPK3PXP',
  prefix: 'sl_live_3f9a',
  token: 'Xq4v8Zb2nR7tK1mW5yP0sL3d',
  title: 'Validation failed',
  detail: 'One field is not valid.',
  message: 'must be a valid e-mail address',
  description: 'Rekenen voor het lager onderwijs',
  fileName: 'leerlingen-2026.csv',
  sheet: 'Leerlingen',
  delimiter: ';',
  encoding: 'utf-8',
  header: 'Stamnummer',
  text: 'Emma Peeters',
  path: '/students/0/email',
  version: '1.0.0',
  nl: 'vlinder',
  fr: 'papillon',
  en: 'butterfly',
  scope: 'openid profile',
  pageSize: 50,
  page: 1,
  total: 1,
  slot: 1,
  row: 2,
  passwordLength: 12,
  picturePasswordLength: 4,
  temporaryPasswordDays: 7,
  gracePeriodDays: 365,
  today: '2027-05-10',
  date: '2027-06-30',
  eraseOn: '2028-06-30',
  keepUntil: null,
  confirmation: '20231045',
  pseudonym: 'gewist-q3ZrT0xw8mVb2kLd',
  coAccountSlots: 2,
  everyMinutes: 60,
  uri: 'otpauth://totp/Schoolloket:an.claes%40example.be?secret=JBSWY3DPEHPK3PXP&issuer=Schoolloket',
  qrCode: 'data:image/svg+xml;base64,PHN2Zy8+',
  blockedReason: 'Account misbruikt; geblokkeerd tot gesprek met de ouders',
  agreementVersion: '2026-09',
  code: 'has_account',
  q: 'peeters',
  reason: 'no_account',
  createdBy: 'an.claes@example.be',
  kind: 'student',
  field: 'group',
  from: '3A',
  to: '4A',
  column: 'Klas',
  value: '3A',
  currentPassword: 'zonnig-fiets-42',
  newPassword: 'regen-boot-77-wolk',
  url: 'https://rekenrally.example.be/',
  status: 'done',
  lastError: 'connection refused',
  nextCursor: 'eyJzIjoiMjAyMzEwNDUifQ',
  groups: '3A',
  picture: 'butterfly',
};

/** Examples written by hand where a built one would mislead (`operationId request|status`). */
export const HAND_WRITTEN: Record<string, unknown> = {
  'logInWithRecoveryCode request': { code: 'k7m2-9xq4-h3pw' },
  'createRecoveryCodes 200': {
    codes: ['k7m2-9xq4-h3pw', 'c4tz-82nd-qv6m', 'p9wa-3rke-7hzs'],
  },
  'logInDuringAppSignIn request': { username: 'emma.peeters', password: 'zonnig-fiets-42' },
  'logInDuringAppSignIn 200': {
    role: 'student',
    mustChangePassword: false,
    continueTo: 'https://schoolloket.be/oidc/auth/Xq3r5T0pL8kMZ2vB7nW4a',
  },
};

const BY_FORMAT: Record<string, string> = {
  uuid: ID,
  'date-time': '2026-09-01T08:30:00.000Z',
  date: '2026-09-01',
  email: 'an.claes@example.be',
  uri: 'https://rekenrally.example.be/login',
  binary: '(binary)',
};

/** Values for patterns a generic text does not match. */
const BY_PATTERN: Record<string, string> = {
  '^[0-9]{6}$': '492039',
};

const BY_SUFFIX: Array<[RegExp, unknown]> = [
  [/Id$/, ID],
  [/Url$|Uri$|UrlBase$/, 'https://rekenrally.example.be/login'],
  [/At$/, '2026-09-01T08:30:00.000Z'],
  [/Email\d?$/, 'an.claes@example.be'],
];

const typeOf = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;

function fits(schema: Schema, value: unknown): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  const t = typeOf(value);
  if (schema.type === 'number') return t === 'integer' || t === 'number';
  if (schema.type !== t) return false;
  if (typeof value === 'number')
    return (
      value >= Number(schema.minimum ?? -Infinity) && value <= Number(schema.maximum ?? Infinity)
    );
  if (typeof value !== 'string') return true;
  const length = [...value].length;
  if (length < Number(schema.minLength ?? 0) || length > Number(schema.maxLength ?? Infinity))
    return false;
  return typeof schema.pattern !== 'string' || new RegExp(schema.pattern, 'u').test(value);
}

export class ExampleBuilder {
  constructor(private readonly components: Record<string, unknown>) {}

  build(schema: unknown, name = '', depth = 0): unknown {
    if (!schema || typeof schema !== 'object' || depth > 12) return null;
    const s = schema as Schema;
    if (typeof s.$ref === 'string')
      return this.build(this.components[s.$ref.split('/').pop()!], name, depth + 1);
    if ('const' in s) return s.const;
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
    const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (branches) {
      const named = branches.find((b) => this.named(b, name) !== undefined);
      const real = named ?? branches.find((b) => b.type !== 'null') ?? branches[0];
      return this.build(real, name, depth + 1);
    }
    if (Array.isArray(s.allOf))
      return Object.assign({}, ...s.allOf.map((part) => this.build(part, name, depth + 1)));
    return this.leaf(s, name, depth);
  }

  private named(s: Schema, name: string): unknown {
    const candidates = [
      BY_NAME[name],
      ...BY_SUFFIX.filter(([re]) => re.test(name)).map((e) => e[1]),
    ];
    return candidates.find((value) => value !== undefined && fits(s, value));
  }

  private leaf(s: Schema, name: string, depth: number): unknown {
    const named = this.named(s, name);
    if (named !== undefined) return named;
    if (Array.isArray(s.enum)) return s.enum[0];
    switch (s.type) {
      case 'object':
        return Object.fromEntries(
          Object.entries((s.properties ?? {}) as Record<string, unknown>).map(([key, sub]) => [
            key,
            this.build(sub, key, depth + 1),
          ]),
        );
      case 'array': {
        const item = this.build(s.items, name.replace(/s$/, ''), depth + 1);
        return Array.from({ length: Math.max(1, Number(s.minItems ?? 1)) }, () => item);
      }
      case 'integer':
      case 'number':
        return Math.max(Number(s.minimum ?? 0), Math.min(Number(s.maximum ?? 3), 3));
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'string':
        return this.text(s);
      default:
        return null;
    }
  }

  private text(s: Schema): string {
    const formatted = typeof s.format === 'string' ? BY_FORMAT[s.format] : undefined;
    if (formatted) return formatted;
    if (typeof s.pattern === 'string' && BY_PATTERN[s.pattern]) return BY_PATTERN[s.pattern]!;
    const min = Number(s.minLength ?? 0);
    return 'voorbeeld'.padEnd(min, 'x');
  }
}
