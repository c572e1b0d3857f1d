import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';

// The public key of a passkey being registered, checked before it is stored: the library proves
// the attestation's shape and (for attestation "none") nothing about the key itself, so a key
// that can never verify a signature (an RSA modulus of one byte, the EC point (0,0)) would count
// as a factor and strand its admin. A key is usable when node:crypto imports it and it is of a
// kind and size we accept for its algorithm.

/** COSE algorithm → what its key must be (RFC 9053, IANA COSE registry). */
const EC_CURVES: Record<number, { crv: number; name: string; bytes: number }> = {
  [-7]: { crv: 1, name: 'P-256', bytes: 32 }, // ES256
  [-35]: { crv: 2, name: 'P-384', bytes: 48 }, // ES384
  [-36]: { crv: 3, name: 'P-521', bytes: 66 }, // ES512
};
const RSA_ALGS = new Set([-257, -258, -259, -37, -38, -39]); // RS256/384/512, PS256/384/512
const EDDSA = -8;
export const MIN_RSA_BITS = 2048;

const b64u = (v: unknown) =>
  v instanceof Uint8Array && v.length > 0 ? Buffer.from(v).toString('base64url') : null;

/** The JWK of a COSE public key whose type, curve and algorithm fit together, else null. */
function jwkOf(cose: Uint8Array): JsonWebKey | null {
  let key: Map<number, unknown>;
  try {
    key = decodeCredentialPublicKey(new Uint8Array(cose)) as unknown as Map<number, unknown>;
  } catch {
    return null;
  }
  if (!(key instanceof Map)) return null;
  const kty = key.get(1);
  const alg = key.get(3);
  if (typeof alg !== 'number') return null;
  const ec = EC_CURVES[alg];
  if (ec) {
    const [x, y] = [key.get(-2), key.get(-3)];
    if (kty !== 2 || key.get(-1) !== ec.crv) return null;
    if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array)) return null;
    if (x.length !== ec.bytes || y.length !== ec.bytes) return null;
    return { kty: 'EC', crv: ec.name, x: b64u(x)!, y: b64u(y)! };
  }
  if (RSA_ALGS.has(alg)) {
    const [n, e] = [b64u(key.get(-1)), b64u(key.get(-2))];
    if (kty !== 3 || !n || !e) return null;
    return { kty: 'RSA', n, e };
  }
  if (alg === EDDSA) {
    const x = key.get(-2);
    if (kty !== 1 || key.get(-1) !== 6 || !(x instanceof Uint8Array) || x.length !== 32)
      return null;
    return { kty: 'OKP', crv: 'Ed25519', x: b64u(x)! };
  }
  return null;
}

/**
 * Whether a credential public key (COSE, as @simplewebauthn/server returns it in
 * `registrationInfo.credential.publicKey`) can verify signatures: node:crypto imports it (an EC
 * point must lie on its curve), RSA moduli have at least 2048 bits and an odd exponent > 1.
 */
export function usablePublicKey(cose: Uint8Array): boolean {
  const jwk = jwkOf(cose);
  if (!jwk) return false;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    if (jwk.kty === 'RSA') {
      const d = key.asymmetricKeyDetails;
      const e = d?.publicExponent;
      return (
        key.asymmetricKeyType === 'rsa' &&
        (d?.modulusLength ?? 0) >= MIN_RSA_BITS &&
        typeof e === 'bigint' &&
        e > 1n &&
        e % 2n === 1n
      );
    }
    if (jwk.kty === 'OKP') return key.asymmetricKeyType === 'ed25519';
    return key.asymmetricKeyType === 'ec';
  } catch {
    return false;
  }
}
