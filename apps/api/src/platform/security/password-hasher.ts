import { createHmac } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface HasherOptions {
  pepper: string;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * argon2id over HMAC-SHA-256(pepper, password): a stolen database alone does not allow offline
 * guessing of short child passwords. @node-rs/argon2 runs on libuv's thread pool, off the event loop.
 */
export class PasswordHasher {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };
  /** A real hash to verify against when the user does not exist, so unknown names cost the same. */
  private dummy: Promise<string> | undefined;

  constructor(private readonly opts: HasherOptions) {
    this.options = {
      memoryCost: opts.memoryCost,
      timeCost: opts.timeCost,
      parallelism: opts.parallelism,
    };
  }

  // base64 text, because @node-rs/argon2's verify rejects non-UTF-8 byte input.
  private peppered(password: string): string {
    return createHmac('sha256', this.opts.pepper)
      .update(password.normalize('NFC'), 'utf8')
      .digest('base64');
  }

  hash(password: string): Promise<string> {
    return hash(this.peppered(password), this.options);
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, this.peppered(password));
    } catch {
      return false;
    }
  }

  /** Spend the same time as a real verification and return false. */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('dummy-password-for-timing');
    await this.verify(await this.dummy, password);
    return false;
  }
}
