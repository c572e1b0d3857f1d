import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

// A software authenticator for tests: real WebAuthn answers (attestation "none", ES256 or RS256
// assertions) made with node:crypto, so the server's verification runs as it does for a
// browser. Nothing is mocked. A broken authenticator can register a public key of the test's
// making (`publicKey`, built with coseEc2/coseRsa); its assertions then do not verify.

const b64u = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

/** Flags of authenticator data (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export interface Options {
  origin: string;
  rpId: string;
  /** Whether the authenticator checks the user (PIN, biometrics). */
  userVerified?: boolean;
  /** A synced passkey (backup eligible and backed up). */
  backedUp?: boolean;
  /** The signature algorithm: ES256 (P-256, the default) or RS256 (RSA 2048). */
  algorithm?: 'ES256' | 'RS256';
  /** A COSE public key to register instead of the authenticator's own. */
  publicKey?: Uint8Array;
}

const bytes = (b64: string | undefined) => new Uint8Array(Buffer.from(b64 ?? '', 'base64url'));

/** A COSE key: its type (label 1), algorithm (label 3) and the type's parameters (-1, -2, …). */
function coseKey(kty: number, alg: number, params: (number | Uint8Array)[]): Uint8Array {
  const labelled = params.map((value, i) => [-(i + 1), value] as const);
  return isoCBOR.encode(new Map<number, number | Uint8Array>([[1, kty], [3, alg], ...labelled]));
}

/** A COSE EC2 public key (RFC 9053): curve 1 = P-256, 2 = P-384, 3 = P-521; ES256 unless told. */
export function coseEc2(crv: number, x: Uint8Array, y: Uint8Array, alg = -7): Uint8Array {
  return coseKey(2, alg, [crv, x, y]); // kty 2: EC2
}

/** A COSE RSA public key (RFC 8230): modulus and exponent, RS256 unless told. */
export function coseRsa(n: Uint8Array, e: Uint8Array, alg = -257): Uint8Array {
  return coseKey(3, alg, [n, e]); // kty 3: RSA
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly key: KeyObject;
  private readonly cose: Uint8Array;
  counter = 0;
  userHandle: string | undefined;

  constructor(readonly opts: Options) {
    if (opts.algorithm === 'RS256') {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.key = privateKey;
      const jwk = publicKey.export({ format: 'jwk' });
      this.cose = coseRsa(bytes(jwk.n), bytes(jwk.e));
    } else {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      this.key = privateKey;
      const jwk = publicKey.export({ format: 'jwk' });
      this.cose = coseEc2(1, bytes(jwk.x), bytes(jwk.y));
    }
    if (opts.publicKey) this.cose = opts.publicKey;
  }

  get id() {
    return b64u(this.credentialId);
  }

  private flags(extra: number) {
    let f = UP | extra;
    if (this.opts.userVerified !== false) f |= UV;
    if (this.opts.backedUp) f |= BE | BS;
    return f;
  }

  private authData(flags: number, attested?: Buffer) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([
      sha256(this.opts.rpId),
      Buffer.from([flags]),
      counter,
      attested ?? Buffer.alloc(0),
    ]);
  }

  private clientData(type: string, challenge: string, origin = this.opts.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer of navigator.credentials.create() to `options` (from the server). */
  register(options: { challenge: string; user: { id: string } }) {
    this.userHandle = options.user.id;
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLen, this.credentialId, this.cose]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(this.authData(this.flags(AT), attested))],
      ]),
    );
    return this.credential({
      clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge)),
      attestationObject: b64u(attestationObject),
      transports: ['internal'],
    });
  }

  /** The answer of navigator.credentials.get() to `options`; each call counts up. */
  assert(options: { challenge: string }, tweak: { origin?: string; counter?: number } = {}) {
    this.counter = tweak.counter ?? this.counter + 1;
    const authenticatorData = this.authData(this.flags(0));
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tweak.origin);
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
      this.key,
    );
    return this.credential({
      clientDataJSON: b64u(clientDataJSON),
      authenticatorData: b64u(authenticatorData),
      signature: b64u(signature),
      ...(this.userHandle ? { userHandle: this.userHandle } : {}),
    });
  }

  /** A PublicKeyCredential as the browser hands it to the page, around `response`. */
  private credential<R>(response: R) {
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response,
    };
  }
}
