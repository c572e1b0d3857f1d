import { beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from '../../test/harness.js';
import { twoInstances } from '../../test/instances-support.js';
import { startSmtpCatcher } from '../../test/smtp-catcher.js';
import {
  deliverOutbox,
  enqueueMail,
  LEASE_MS,
  smtpTransport,
  type MailTransport,
} from './outbox.js';
import { countPending } from './repository.js';
import { SecretBox } from '../security/secret-box.js';

// Two API instances on one database (two pools on PostgreSQL), each with its own mail sender.

const instances = twoInstances();
let a: TestApp;
let b: TestApp;
beforeAll(() => {
  ({ a, b } = instances);
});
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const mail = (to: string) => ({
  template: 'test',
  to,
  subject: `Activeer je co-account (${to})`,
  text: `Link voor ${to}`,
  html: `<p>Link voor ${to}</p>`,
});

const row = (id: string) =>
  a.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('mail outbox with two instances on one database', () => {
  it('sends every row exactly once when the relay answers slower than a lease lasts per pass', async () => {
    const smtp = await startSmtpCatcher(0, { hold: true });
    const transports: MailTransport[] = [smtpTransport(smtp.url), smtpTransport(smtp.url)];
    try {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++)
        ids.push(await enqueueMail(a.db, a.ctx, mail(`ouder${i}@example.be`)));

      // Each instance runs one pass at a time, as the background sender does. Whenever the relay
      // holds a mail, a quarter of a lease goes by on the shared clock before it answers (ten
      // mails take 2.5 leases), and an instance that is idle starts a pass meanwhile.
      const instances = [a, b].map((t, i) => ({
        t,
        transport: transports[i]!,
        pass: undefined as Promise<unknown> | undefined,
      }));
      const start = (x: (typeof instances)[number]) => {
        if (x.pass) return;
        x.pass = deliverOutbox(x.t.ctx, x.transport, quiet).finally(() => (x.pass = undefined));
      };
      start(instances[0]!);
      for (let step = 0; step < 200; step++) {
        const running = instances.flatMap((x) => (x.pass ? [x.pass] : []));
        const next = await Promise.race([
          smtp.waitHeld().then(() => 'held' as const),
          Promise.all(running).then(() => 'idle' as const),
        ]);
        if (next === 'idle') {
          if ((await countPending(a.db)) === 0) break;
          instances.forEach(start);
          continue;
        }
        a.clock.advance(LEASE_MS / 4);
        instances.forEach(start);
        smtp.release();
      }

      expect(await countPending(a.db)).toBe(0);
      const received = smtp.mails.map((m) => m.to[0]).sort();
      expect(received).toEqual(ids.map((_, i) => `ouder${i}@example.be`).sort());
      for (const id of ids) expect((await row(id)).sent_at).not.toBeNull();
    } finally {
      transports.forEach((tr) => tr.close?.());
      await smtp.close();
    }
  });

  it('leaves a mail that this instance cannot open for the instance that can, without counting it as a try', async () => {
    // An instance started with another CREDENTIALS_KEY: since the identity provider's signing keys
    // are sealed with the key too, such an instance no longer starts at all, so its mail sender is
    // modelled by a context with the other key.
    const other = { ctx: { ...a.ctx, secrets: new SecretBox(Buffer.alloc(32, 9)) } };
    const smtp = await startSmtpCatcher();
    const transport = smtpTransport(smtp.url);
    const lines: string[] = [];
    const log = { ...quiet, error: (_o: object, m: string) => lines.push(m) };
    try {
      const id = await enqueueMail(a.db, a.ctx, mail('sleutel@example.be'));

      expect(await deliverOutbox(other.ctx, transport, log)).toMatchObject({
        unreadable: 1,
        failed: 0,
        sent: 0,
      });
      expect(lines.join('\n')).toMatch(/CREDENTIALS_KEY/);
      let r = await row(id);
      expect(r).toMatchObject({ failed_at: null, sent_at: null, attempts: 0, locked_until: null });
      expect(r.message_enc).not.toBeNull();
      expect(r.last_error).toMatch(/CREDENTIALS_KEY/);
      // Its next pass leaves the row alone (still due for the others).
      expect(await deliverOutbox(other.ctx, transport, log)).toMatchObject({
        unreadable: 0,
        sent: 0,
      });

      expect(await deliverOutbox(a.ctx, transport, quiet)).toMatchObject({ sent: 1 });
      await smtp.waitFor(1);
      expect(smtp.mails.map((m) => m.to[0])).toEqual(['sleutel@example.be']);
      r = await row(id);
      expect(r.sent_at).not.toBeNull();
      expect(r.failed_at).toBeNull();
    } finally {
      transport.close?.();
      await smtp.close();
    }
  });
});
