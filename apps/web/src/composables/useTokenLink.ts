import { ref, type Ref } from 'vue';
import { fieldErrors, problemStatus } from '../api/problem';
import { newPassword } from '../components/new-password';

interface TokenLinkOptions<Info, Done> {
  /** GET the link. */
  open: () => Promise<Info>;
  /** POST the new password (`info`: what opening the link answered). */
  consume: (password: string, info: Info) => Promise<Done>;
  /** The sentence for any other error (problemMessage or portalProblem). */
  problem: (error: unknown) => string;
  /** The text for two different passwords. */
  mismatch: () => string;
  /** A check before the passwords (the parent must accept the agreement): its message. */
  precheck?: () => string | undefined;
}

/**
 * A mailed one-time link that sets a password: the admin's invitation or reset
 * (/beheer/uitnodiging|wachtwoord/<token>) and the parent's co-account activation
 * (/co-account/activeren/<token>). Opening it shows who it is for; a used, superseded or expired
 * link (410, or 400 or 404 for a malformed token) shows "invalid" instead of a form; sending checks
 * that both fields are equal first, and lists the server's password rules one per line.
 */
export function useTokenLink<Info, Done>(options: TokenLinkOptions<Info, Done>) {
  const info = ref(null) as Ref<Info | null>;
  const invalid = ref(false);
  const loadError = ref('');
  /** The NewPasswordFields' values and the errors under them. */
  const fields = newPassword();
  const busy = ref(false);
  const done = ref(null) as Ref<Done | null>;

  async function load() {
    loadError.value = '';
    try {
      info.value = await options.open();
    } catch (e) {
      const status = problemStatus(e);
      // 404: a token too long for the router to take is no link of ours either (outside test).
      if (status === 410 || status === 400 || status === 404) invalid.value = true;
      else loadError.value = options.problem(e);
    }
  }

  async function submit() {
    fields.errors = [];
    const refused = refusal(options, fields.password, fields.repeat);
    if (refused) {
      fields.errors = [refused];
      return;
    }
    // A second press while the first is under way would only meet a used link.
    if (busy.value || !info.value) return;
    busy.value = true;
    try {
      done.value = await options.consume(fields.password, info.value);
      fields.password = '';
      fields.repeat = '';
    } catch (e) {
      if (problemStatus(e) === 410) invalid.value = true;
      else {
        const refusals = fieldErrors(e);
        fields.errors = refusals.length ? refusals : [options.problem(e)];
      }
    } finally {
      busy.value = false;
    }
  }

  return { info, invalid, loadError, load, fields, busy, done, submit };
}

/** Why the passwords cannot be sent yet: the precheck's message, else two different passwords. */
function refusal(
  options: Pick<TokenLinkOptions<unknown, unknown>, 'precheck' | 'mismatch'>,
  password: string,
  repeat: string,
): string | undefined {
  const refused = options.precheck?.();
  if (refused) return refused;
  if (password !== repeat) return options.mismatch();
  return undefined;
}
