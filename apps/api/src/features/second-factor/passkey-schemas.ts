import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, NullableText, Uuid } from '../../schemas/common.js';

// What the browser's navigator.credentials answers (as @simplewebauthn/browser serialises it),
// bounded: base64url only (a NUL byte or any other stray character is a 400), no field longer
// than a real authenticator ever makes it.
const b64u = (maxLength: number, description?: string) =>
  Type.String({
    pattern: '^[A-Za-z0-9_-]+$',
    minLength: 1,
    maxLength,
    ...(description ? { description } : {}),
  });

const Common = {
  id: b64u(1400, 'The credential id (base64url)'),
  rawId: b64u(1400),
  type: Type.Literal('public-key'),
  clientExtensionResults: Type.Object({}, { additionalProperties: true, maxProperties: 8 }),
  authenticatorAttachment: Type.Optional(
    Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]),
  ),
};

export const RegistrationCredentialSchema = Type.Object(
  {
    ...Common,
    response: Type.Object(
      {
        clientDataJSON: b64u(4096),
        attestationObject: b64u(16384),
        authenticatorData: Type.Optional(b64u(8192)),
        publicKey: Type.Optional(b64u(4096)),
        publicKeyAlgorithm: Type.Optional(Type.Integer({ minimum: -65535, maximum: 65535 })),
        transports: Type.Optional(
          Type.Array(Type.String({ pattern: '^[a-z-]{1,20}$' }), { maxItems: 8 }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const AuthenticationCredentialSchema = Type.Object(
  {
    ...Common,
    response: Type.Object(
      {
        clientDataJSON: b64u(4096),
        authenticatorData: b64u(8192),
        signature: b64u(2048),
        userHandle: Type.Optional(b64u(128)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** A name the admin recognises the passkey by; no control characters (NUL included). */
const PasskeyName = Type.String({
  minLength: 1,
  maxLength: 60,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'Shown in the list of passkeys, e.g. the device',
  examples: ['Laptop school'],
});

export const PasskeyRegisterBodySchema = Type.Object(
  { name: PasskeyName, credential: RegistrationCredentialSchema },
  { additionalProperties: false },
);

export const PasskeyRenameBodySchema = Type.Object(
  { name: PasskeyName },
  { additionalProperties: false },
);

export const PasskeyAssertionBodySchema = Type.Object(
  { credential: AuthenticationCredentialSchema },
  { additionalProperties: false },
);
export type PasskeyAssertionBody = Static<typeof PasskeyAssertionBodySchema>;

export const PasskeyParams = Type.Object(
  { passkeyId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const PasskeySchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    createdAt: DateTime,
    lastUsedAt: NullableText({ format: 'date-time', description: 'Last login or step-up' }),
    backedUp: Type.Boolean({
      description: 'Synced by a passkey provider (may live on more than one device)',
    }),
  },
  { $id: 'Passkey' },
);
export type Passkey = Static<typeof PasskeySchema>;

export const PasskeyListSchema = Type.Object(
  { items: Type.Array(PasskeySchema) },
  { $id: 'PasskeyList' },
);

// The options for navigator.credentials.create()/get() as @simplewebauthn/server makes them
// (WebAuthn Level 3 JSON); hand them to @simplewebauthn/browser as they are.
export const PasskeyCreationOptionsSchema = Type.Object(
  {
    challenge: Type.String({ description: 'Single use, valid 5 minutes, bound to this session' }),
    rp: Type.Object({ id: Type.String(), name: Type.String() }),
    user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  },
  { $id: 'PasskeyCreationOptions', additionalProperties: true },
);

export const PasskeyRequestOptionsSchema = Type.Object(
  {
    challenge: Type.String({
      description: 'Single use, valid 5 minutes, bound to this session or login',
    }),
    rpId: Type.Optional(Type.String()),
  },
  { $id: 'PasskeyRequestOptions', additionalProperties: true },
);
