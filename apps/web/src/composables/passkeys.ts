import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';

// The browser's side of passkeys: options from the API in, the authenticator's answer out
// (@simplewebauthn/browser turns them into navigator.credentials calls and back to JSON).

export const passkeysSupported = () => browserSupportsWebAuthn();

/** The answer of navigator.credentials.get() for options the API gave. */
export function signWithPasskey(options: unknown) {
  return startAuthentication({ optionsJSON: options as never });
}

/** The answer of navigator.credentials.create() for options the API gave. */
export function createPasskey(options: unknown) {
  return startRegistration({ optionsJSON: options as never });
}

/** The person closed the browser's passkey prompt or it timed out: not an error to show loudly. */
export function passkeyCancelled(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')
  );
}
