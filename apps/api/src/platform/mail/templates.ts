import type { Locale } from '@schoolloket/core';
// Mail texts in nl/fr/en, each rendered as plain text and as HTML from the same blocks.
// Every value that comes from data is escaped in the HTML; links are built by the caller from
// PUBLIC_BASE_URL, never from a request's Host header.

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface Helpdesk {
  email: string | null;
  phone: string | null;
}

interface Common {
  schoolName: string;
  helpdesk: Helpdesk;
}

export interface ActivationMailData extends Common {
  childFirstName: string;
  username: string;
  link: string;
  validHours: number;
  /** The co-account is already active: the link sets a new password. */
  reset: boolean;
  /** Sent because the school invited the parent, not because the parent asked. */
  invited: boolean;
}

export interface ActivatedMailData extends Common {
  childFirstName: string;
  username: string;
  loginUrl: string;
  reset: boolean;
}

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'button'; label: string; href: string }
  | { kind: 'code'; text: string };

export const p = (text: string): Block => ({ kind: 'p', text });

function helpdeskLine(locale: Locale, h: Helpdesk): Block[] {
  const ways = [h.email, h.phone].filter((x): x is string => !!x);
  if (!ways.length) return [];
  const joined = ways.join(locale === 'fr' ? ' ou ' : locale === 'en' ? ' or ' : ' of ');
  const lead = {
    nl: `Lukt het niet? Contacteer de helpdesk van de school: ${joined}. Vermeld de naam van je kind.`,
    fr: `Un problème ? Contactez le helpdesk de l'école : ${joined}. Mentionnez le nom de votre enfant.`,
    en: `Trouble? Contact the school's helpdesk: ${joined}. Mention your child's name.`,
  };
  return [p(lead[locale])];
}

function activationBlocks(
  locale: Locale,
  d: ActivationMailData,
): { subject: string; blocks: Block[] } {
  const who = d.childFirstName;
  if (locale === 'fr') {
    return {
      subject: d.reset
        ? `Nouveau mot de passe pour votre co-compte – ${d.schoolName}`
        : `Activez votre co-compte – ${d.schoolName}`,
      blocks: [
        p('Bonjour,'),
        p(
          d.invited
            ? `${d.schoolName} vous invite à activer votre co-compte de parent pour ${who}.`
            : d.reset
              ? `Vous avez demandé un nouveau mot de passe pour votre co-compte de parent de ${who} (${d.schoolName}).`
              : `Vous avez demandé l'activation de votre co-compte de parent de ${who} (${d.schoolName}).`,
        ),
        p(
          `Cliquez sur le lien ci-dessous, acceptez la convention d'utilisation et choisissez votre propre mot de passe. Le lien est valable ${d.validHours} heures et ne fonctionne qu'une seule fois.`,
        ),
        {
          kind: 'button',
          label: d.reset ? 'Choisir un nouveau mot de passe' : 'Activer mon co-compte',
          href: d.link,
        },
        p(
          `Ensuite, vous vous connectez avec le nom d'utilisateur de votre enfant et votre propre mot de passe :`,
        ),
        { kind: 'code', text: d.username },
        p("Vous n'avez rien demandé ? Ignorez ce message : rien ne change."),
        ...helpdeskLine(locale, d.helpdesk),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: d.reset
        ? `New password for your co-account – ${d.schoolName}`
        : `Activate your co-account – ${d.schoolName}`,
      blocks: [
        p('Hello,'),
        p(
          d.invited
            ? `${d.schoolName} invites you to activate your parent co-account for ${who}.`
            : d.reset
              ? `You asked for a new password for your parent co-account of ${who} (${d.schoolName}).`
              : `You asked to activate your parent co-account of ${who} (${d.schoolName}).`,
        ),
        p(
          `Click the link below, accept the user agreement and choose your own password. The link is valid for ${d.validHours} hours and works only once.`,
        ),
        {
          kind: 'button',
          label: d.reset ? 'Choose a new password' : 'Activate my co-account',
          href: d.link,
        },
        p(`From then on you log in with your child's username and your own password:`),
        { kind: 'code', text: d.username },
        p('Did you not ask for this? Ignore this mail: nothing changes.'),
        ...helpdeskLine(locale, d.helpdesk),
      ],
    };
  }
  return {
    subject: d.reset
      ? `Nieuw wachtwoord voor je co-account – ${d.schoolName}`
      : `Activeer je co-account – ${d.schoolName}`,
    blocks: [
      p('Beste ouder,'),
      p(
        d.invited
          ? `${d.schoolName} nodigt je uit om je co-account als ouder van ${who} te activeren.`
          : d.reset
            ? `Je vroeg een nieuw wachtwoord aan voor je co-account als ouder van ${who} (${d.schoolName}).`
            : `Je vroeg de activatie aan van je co-account als ouder van ${who} (${d.schoolName}).`,
      ),
      p(
        `Klik op de link hieronder, aanvaard de gebruikersovereenkomst en stel je eigen wachtwoord in. De link is ${d.validHours} uur geldig en werkt maar één keer.`,
      ),
      {
        kind: 'button',
        label: d.reset ? 'Nieuw wachtwoord instellen' : 'Mijn co-account activeren',
        href: d.link,
      },
      p('Daarna meld je altijd aan met de gebruikersnaam van je kind en je eigen wachtwoord:'),
      { kind: 'code', text: d.username },
      p('Heb je niets aangevraagd? Negeer deze e-mail: er verandert niets.'),
      ...helpdeskLine(locale, d.helpdesk),
    ],
  };
}

function activatedBlocks(
  locale: Locale,
  d: ActivatedMailData,
): { subject: string; blocks: Block[] } {
  if (locale === 'fr') {
    return {
      subject: d.reset
        ? `Votre mot de passe a été modifié – ${d.schoolName}`
        : `Votre co-compte est activé – ${d.schoolName}`,
      blocks: [
        p('Bonjour,'),
        p(
          d.reset
            ? `Le mot de passe de votre co-compte de parent de ${d.childFirstName} vient d'être modifié.`
            : `Votre co-compte de parent de ${d.childFirstName} est activé.`,
        ),
        p(
          `Connectez-vous avec le nom d'utilisateur de votre enfant et votre propre mot de passe :`,
        ),
        { kind: 'code', text: d.username },
        { kind: 'button', label: 'Se connecter', href: d.loginUrl },
        p("Ce n'était pas vous ? Contactez immédiatement l'école."),
        ...helpdeskLine(locale, d.helpdesk),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: d.reset
        ? `Your password was changed – ${d.schoolName}`
        : `Your co-account is active – ${d.schoolName}`,
      blocks: [
        p('Hello,'),
        p(
          d.reset
            ? `The password of your parent co-account of ${d.childFirstName} was just changed.`
            : `Your parent co-account of ${d.childFirstName} is now active.`,
        ),
        p(`Log in with your child's username and your own password:`),
        { kind: 'code', text: d.username },
        { kind: 'button', label: 'Log in', href: d.loginUrl },
        p('Was this not you? Contact the school right away.'),
        ...helpdeskLine(locale, d.helpdesk),
      ],
    };
  }
  return {
    subject: d.reset
      ? `Je wachtwoord is gewijzigd – ${d.schoolName}`
      : `Je co-account is actief – ${d.schoolName}`,
    blocks: [
      p('Beste ouder,'),
      p(
        d.reset
          ? `Het wachtwoord van je co-account als ouder van ${d.childFirstName} is zonet gewijzigd.`
          : `Je co-account als ouder van ${d.childFirstName} is geactiveerd.`,
      ),
      p('Meld je aan met de gebruikersnaam van je kind en je eigen wachtwoord:'),
      { kind: 'code', text: d.username },
      { kind: 'button', label: 'Aanmelden', href: d.loginUrl },
      p('Was jij dit niet? Neem meteen contact op met de school.'),
      ...helpdeskLine(locale, d.helpdesk),
    ],
  };
}

export interface HolderNoticeData extends Common {
  childFirstName: string;
  username: string;
}

/**
 * To the parent who holds an active co-account, when an admin registers another address on its
 * slot: the parent still logs in, but links to set a new password go to the new address now. The
 * new address is not named (it may be someone else's).
 */
function holderNoticeBlocks(
  locale: Locale,
  d: HolderNoticeData,
): { subject: string; blocks: Block[] } {
  const text = {
    nl: {
      subject: `Nieuw e-mailadres voor je co-account – ${d.schoolName}`,
      hello: 'Beste ouder,',
      changed: `De school heeft een ander e-mailadres geregistreerd voor je co-account als ouder van ${d.childFirstName} (gebruikersnaam ${d.username}).`,
      still:
        'Je kan nog altijd aanmelden met je eigen wachtwoord, maar een link om een nieuw wachtwoord te kiezen gaat voortaan naar het nieuwe adres.',
      notYou: 'Heb je dit niet gevraagd? Neem meteen contact op met de school.',
    },
    fr: {
      subject: `Nouvelle adresse e-mail pour votre co-compte – ${d.schoolName}`,
      hello: 'Bonjour,',
      changed: `L'école a enregistré une autre adresse e-mail pour votre co-compte de parent de ${d.childFirstName} (nom d'utilisateur ${d.username}).`,
      still:
        'Vous pouvez toujours vous connecter avec votre propre mot de passe, mais un lien pour choisir un nouveau mot de passe sera désormais envoyé à la nouvelle adresse.',
      notYou: "Vous ne l'avez pas demandé ? Contactez immédiatement l'école.",
    },
    en: {
      subject: `New e-mail address for your co-account – ${d.schoolName}`,
      hello: 'Hello,',
      changed: `The school registered another e-mail address for your parent co-account of ${d.childFirstName} (username ${d.username}).`,
      still:
        'You can still log in with your own password, but a link to choose a new password now goes to the new address.',
      notYou: 'Did you not ask for this? Contact the school right away.',
    },
  }[locale];
  return {
    subject: text.subject,
    blocks: [
      p(text.hello),
      p(text.changed),
      p(text.still),
      p(text.notYou),
      ...helpdeskLine(locale, d.helpdesk),
    ],
  };
}

export function holderNoticeMail(locale: Locale, d: HolderNoticeData): RenderedMail {
  return render(locale, d.schoolName, holderNoticeBlocks(locale, d));
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Plain text and HTML of the same blocks; `schoolName` heads the mail and signs the text. */
export function render(
  locale: Locale,
  schoolName: string,
  built: { subject: string; blocks: Block[] },
): RenderedMail {
  const text = built.blocks
    .map((b) =>
      b.kind === 'button' ? `${b.label}:\n${b.href}` : b.kind === 'code' ? `    ${b.text}` : b.text,
    )
    .join('\n\n');
  const body = built.blocks
    .map((b) => {
      if (b.kind === 'p') return `<p style="margin:0 0 16px">${escapeHtml(b.text)}</p>`;
      if (b.kind === 'code')
        return `<p style="margin:0 0 16px;font:bold 18px monospace;background:#f1f5f9;padding:8px 12px;border-radius:6px;display:inline-block">${escapeHtml(b.text)}</p>`;
      return (
        `<p style="margin:8px 0 24px"><a href="${escapeHtml(b.href)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(b.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#475569;word-break:break-all">${escapeHtml(b.href)}</p>`
      );
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(built.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font:16px/1.5 Arial,Helvetica,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:12px">
<p style="margin:0 0 16px;font-weight:bold;color:#1d4ed8">${escapeHtml(schoolName)}</p>
${body}
</div></body></html>`;
  return { subject: built.subject, text: `${text}\n\n-- \n${schoolName}\n`, html };
}

export function activationMail(locale: Locale, d: ActivationMailData): RenderedMail {
  return render(locale, d.schoolName, activationBlocks(locale, d));
}

export function activatedMail(locale: Locale, d: ActivatedMailData): RenderedMail {
  return render(locale, d.schoolName, activatedBlocks(locale, d));
}
