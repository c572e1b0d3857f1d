import { Type, type Static } from '@fastify/type-provider-typebox';

export const SecurityOverviewSchema = Type.Object(
  {
    totp: Type.Object({ enabled: Type.Boolean() }),
    passkeys: Type.Object({ count: Type.Integer({ description: 'Registered passkeys' }) }),
    recoveryCodes: Type.Object({
      remaining: Type.Integer({ description: 'Unused recovery codes of the current set' }),
    }),
    required: Type.Boolean({
      description: 'The installation or one of the admin’s schools requires a second factor',
    }),
  },
  { $id: 'SecurityOverview' },
);
export type SecurityOverview = Static<typeof SecurityOverviewSchema>;

export const ConfirmPasswordBodySchema = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const CodeBodySchema = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code of the app' }) },
  { additionalProperties: false },
);

export const TotpSetupSchema = Type.Object(
  {
    secret: Type.String({ description: 'Base32 secret, for typing into an app by hand' }),
    uri: Type.String({ description: 'otpauth:// URI' }),
    qrCode: Type.String({ description: 'The URI as an SVG QR code (data: URL)' }),
  },
  { $id: 'TotpSetup' },
);

export const RecoveryCodesSchema = Type.Object(
  {
    codes: Type.Array(Type.String({ examples: ['k7mq-2vxa-9d4h'] }), {
      description: 'Ten single-use codes, shown this once; they replace every earlier code',
    }),
  },
  { $id: 'RecoveryCodes' },
);

export const SchoolSecurityPolicySchema = Type.Object(
  {
    requireSecondFactor: Type.Boolean({
      description: 'Every admin and helpdesk user of this school needs a second factor',
    }),
    requiredByPlatform: Type.Boolean({
      description: 'The installation requires one of everyone anyway',
    }),
  },
  { $id: 'SchoolSecurityPolicy' },
);

export const PlatformSecurityPolicySchema = Type.Object(
  {
    requireSecondFactor: Type.Boolean({
      description: 'Every admin and helpdesk user of the installation needs a second factor',
    }),
  },
  { $id: 'PlatformSecurityPolicy' },
);

export const PolicyBodySchema = Type.Object(
  { requireSecondFactor: Type.Boolean() },
  { additionalProperties: false },
);
