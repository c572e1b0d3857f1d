import { createHash } from 'node:crypto';

// The few pages the provider itself shows (errors, the sign-out question). Our own markup, no
// external resources (oidc-provider's defaults import web fonts from the internet).

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6f8;color:#1b2733;margin:0;padding:2rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.5}.muted{color:#4a5a6a;font-size:.9rem}
button,a.button{display:inline-block;font:inherit;font-weight:600;padding:.7rem 1.2rem;border-radius:8px;border:0;background:#1f5fbf;color:#fff;text-decoration:none;cursor:pointer;margin:.25rem .5rem .25rem 0}
button.secondary{background:#e3e8ee;color:#1b2733}
.logo{display:block;margin:0 0 .75rem;border-radius:12px}ul{padding-left:1.2rem;line-height:1.6}nav{margin:0 0 1rem}`;

/**
 * The CSP allows no inline style but this one block, by its hash (plugins/security.ts): the
 * provider's pages are single HTML answers without a stylesheet of their own.
 */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

export function page(title: string, body: string, lang = 'nl'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Schoolloket</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(error: string, description?: string): string {
  return page(
    'Er ging iets mis',
    `<h1>Er ging iets mis</h1><p>De aanmelding bij de app kon niet verdergaan. Ga terug naar de app en probeer opnieuw.</p>` +
      `<p class="muted">Foutcode: <code>${escapeHtml(error)}</code>${
        description ? ` — ${escapeHtml(description)}` : ''
      }</p>`,
  );
}

export function logoutPage(form: string, appName: string | undefined): string {
  return page(
    'Afmelden',
    `${form}<h1>Afmelden</h1><p>Wil je je afmelden bij Schoolloket${
      appName ? ` en ${escapeHtml(appName)}` : ''
    }?</p>` +
      `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, afmelden</button>` +
      `<button class="secondary" type="submit" form="op.logoutForm">Nee, aangemeld blijven</button>`,
  );
}

export function loggedOutPage(): string {
  return page(
    'Afgemeld',
    '<h1>Je bent afgemeld</h1><p>Je kan dit venster sluiten.</p><p><a class="button" href="/aanmelden">Opnieuw aanmelden</a></p>',
  );
}

const REFUSAL_TEXT: Record<string, string> = {
  app_disabled: 'Deze app staat op dit moment uit.',
  not_enabled: 'Je school gebruikt deze app niet.',
  role: 'Deze app is niet voor jouw soort account.',
  group: 'Deze app is niet voor jouw klas.',
};

/** A person who may not use the app: say so, and let them go back (the app gets access_denied). */
export function refusedPage(appName: string, reason: string, abortPath: string): string {
  return page(
    `Geen toegang tot ${appName}`,
    `<h1>Je kan ${escapeHtml(appName)} niet gebruiken</h1><p>${escapeHtml(
      REFUSAL_TEXT[reason] ?? 'Je hebt geen toegang tot deze app.',
    )} Vraag het aan je school als je denkt dat dit niet klopt.</p>` +
      `<form method="post" action="${escapeHtml(abortPath)}"><button type="submit">Terug naar ${escapeHtml(appName)}</button></form>` +
      `<p><a href="/">Naar mijn startpagina</a></p>`,
  );
}
