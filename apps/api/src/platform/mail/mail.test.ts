import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../test/net-support.js';
import { appForFile } from '../../test/per-file.js';
import { startSmtpCatcher } from '../../test/smtp-catcher.js';
import { backoffMs, deliverOutbox, enqueueMail, smtpTransport } from './outbox.js';
import { activationMail, escapeHtml } from './templates.js';

const t = appForFile();
const quiet = { info: () => undefined, warn: () => undefined };

const sample = (to: string, link = 'http://schoolloket.test/co-account/activeren/abc') => ({
  template: 'test',
  to,
  ...activationMail('nl', {
    schoolName: 'School <De Linde> & co',
    helpdesk: { email: null, phone: null },
    childFirstName: 'Zoë',
    username: 'zoe.angstrom',
    link,
    validHours: 24,
    reset: false,
    invited: false,
  }),
});

const outbox = () => t.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();

describe('mail outbox', () => {
  it('keeps mails while SMTP is down, retries with backoff, and delivers each exactly once', async () => {
    const port = await freePort();
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    const id = await enqueueMail(t.db, t.ctx, sample('ouder@example.be'));

    const down = await deliverOutbox(t.ctx, transport, quiet);
    expect(down).toMatchObject({ sent: 0, retrying: 1 });
    let row = (await outbox()).find((r) => r.id === id)!;
    expect(row.attempts).toBe(1);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row.next_attempt_at.getTime() - t.clock.now.getTime()).toBe(backoffMs(1));

    // Not due yet: nothing is tried.
    expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({ sent: 0, retrying: 0 });
    t.clock.advance(backoffMs(1));
    expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({ retrying: 1 });
    row = (await outbox()).find((r) => r.id === id)!;
    expect(row.next_attempt_at.getTime() - t.clock.now.getTime()).toBe(backoffMs(2));

    const smtp = await startSmtpCatcher(port);
    try {
      t.clock.advance(backoffMs(2));
      const [a, b] = await Promise.all([
        deliverOutbox(t.ctx, transport, quiet),
        deliverOutbox(t.ctx, transport, quiet),
      ]);
      expect(a.sent + b.sent).toBe(1);
      expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({ sent: 0 });
      t.clock.advance(3_600_000);
      expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({ sent: 0 });
      // The catcher keeps a mail before it answers 250, so a counted send has arrived; the
      // other deliveries sent nothing, so no second one can still be on its way.
      expect(await smtp.waitFor(1)).toHaveLength(1);
      const mail = smtp.mails[0]!;
      expect(mail.to).toEqual(['ouder@example.be']);
      expect(mail.subject).toBe('Activeer je co-account – School <De Linde> & co');
      expect(mail.text).toContain('ouder van Zoë');
      expect(mail.html).toContain('School &lt;De Linde&gt; &amp; co');
      row = (await outbox()).find((r) => r.id === id)!;
      expect(row.sent_at).not.toBeNull();
      expect(row.message_enc).toBeNull(); // the sent link is not kept
    } finally {
      transport.close?.();
      await smtp.close();
    }
  });

  it('marks a permanently rejected mail as failed and does not retry it', async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        const err = Object.assign(new Error('No such user'), { responseCode: 550 });
        callback(err);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      const id = await enqueueMail(t.db, t.ctx, sample('unknown@example.be'));
      expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({ failed: 1 });
      const row = (await outbox()).find((r) => r.id === id)!;
      expect(row.failed_at).not.toBeNull();
      t.clock.advance(24 * 3_600_000);
      expect(await deliverOutbox(t.ctx, transport, quiet)).toMatchObject({
        failed: 0,
        retrying: 0,
        sent: 0,
      });
    } finally {
      transport.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('without SMTP logs each mail once (outside production) and keeps it unsent', async () => {
    const lines: string[] = [];
    const log = {
      info: (_o: object, m: string) => lines.push(m),
      warn: (_o: object, m: string) => lines.push(m),
    };
    const id = await enqueueMail(
      t.db,
      t.ctx,
      sample('dev@example.be', 'http://schoolloket.test/co-account/activeren/dev-link'),
    );
    const first = await deliverOutbox(t.ctx, undefined, log);
    expect(first.logged).toBeGreaterThanOrEqual(1);
    expect(
      lines.some((l) => l.includes('http://schoolloket.test/co-account/activeren/dev-link')),
    ).toBe(true);
    const count = lines.length;
    await deliverOutbox(t.ctx, undefined, log);
    expect(lines).toHaveLength(count);
    const row = (await outbox()).find((r) => r.id === id)!;
    expect(row.sent_at).toBeNull();
    expect(row.message_enc).not.toBeNull();
  });

  it('without SMTP on PostgreSQL logs no link, only which mail is waiting', async () => {
    const lines: string[] = [];
    const log = {
      info: (o: object, m: string) => lines.push(`${JSON.stringify(o)} ${m}`),
      warn: (o: object, m: string) => lines.push(`${JSON.stringify(o)} ${m}`),
    };
    const ctx = { ...t.ctx, config: { ...t.ctx.config, databaseUrl: 'postgres://db/schoolloket' } };
    await enqueueMail(
      t.db,
      t.ctx,
      sample('real@example.be', 'http://schoolloket.test/co-account/activeren/live-token'),
    );
    expect((await deliverOutbox(ctx, undefined, log)).logged).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).not.toContain('live-token');
    expect(lines.join('\n')).not.toContain('real@example.be');
    expect(lines.some((l) => l.includes('SMTP_URL is not set: mail kept in the outbox'))).toBe(
      true,
    );
  });

  it('grows the backoff from 30 s and caps it at one hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30)).toBe(3_600_000);
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });
});
