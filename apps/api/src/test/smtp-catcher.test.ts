import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import nodemailer, { type Transporter } from 'nodemailer';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher.js';

// The tests read links out of the mails the app sends, so the catcher must give back exactly the
// text that was sent. A quoted-printable soft break can put "--" at the start of a line (tokens
// are base64url); the browser tests' own MIME splitting once took that for a part boundary and
// cut a reset link in half.

let catcher: SmtpCatcher;
let transport: Transporter;

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  transport = nodemailer.createTransport({ url: catcher.url });
});

afterAll(async () => {
  transport.close();
  await catcher.close();
});

const boundary = '--_NmP-b1';
const rawMail = [
  'From: Schoolloket <no-reply@schoolloket.example>',
  'To: nora@school.example',
  'Subject: =?UTF-8?Q?Nieuw_wachtwoord_=E2=80=93_Schoolloket?=',
  'MIME-Version: 1.0',
  `Content-Type: multipart/alternative; boundary="${boundary}"`,
  '',
  `--${boundary}`,
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Nieuw wachtwoord instellen:',
  'http://localhost:33413/beheer/wachtwoord/HLER4m6pfii82JVMP4o3oFT=',
  '--xK3_aaaaaaaaaaaaaaaaa',
  `--${boundary}`,
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Nieuw wachtwoord</p>',
  `--${boundary}--`,
  '',
].join('\r\n');

describe('the tests’ SMTP catcher', () => {
  it('joins a soft line break that is followed by a line starting with "--"', async () => {
    const before = catcher.mails.length;
    await transport.sendMail({
      envelope: { from: 'no-reply@schoolloket.example', to: ['nora@school.example'] },
      raw: rawMail,
    });
    const [mail] = (await catcher.waitFor(before + 1)).slice(before);
    expect(mail!.subject).toBe('Nieuw wachtwoord – Schoolloket');
    expect(mail!.text.trim()).toBe(
      'Nieuw wachtwoord instellen:\n' +
        'http://localhost:33413/beheer/wachtwoord/HLER4m6pfii82JVMP4o3oFT--xK3_aaaaaaaaaaaaaaaaa',
    );
    expect(mail!.html).toContain('<p>Nieuw wachtwoord</p>');
  });

  it('gives back the text and subject nodemailer sent, whatever they hold', async () => {
    const line = fc.stringMatching(/^[A-Za-z0-9_\- éëç–€]{0,120}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 4 }), line, async (lines, s) => {
        const text = lines.join('\n');
        const subject = s.trim() || 'x';
        const before = catcher.mails.length;
        await transport.sendMail({
          from: 'no-reply@schoolloket.example',
          to: 'ouder@school.example',
          subject,
          text,
          html: `<p>${text}</p>`,
        });
        const [mail] = (await catcher.waitFor(before + 1)).slice(before);
        expect(mail!.text.replace(/\n$/, '')).toBe(text.replace(/\n$/, ''));
        expect(mail!.subject).toBe(subject);
      }),
      { numRuns: 40 },
    );
  });
});
