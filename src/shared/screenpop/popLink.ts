import { parseScreenPopIntake, type IntakeParse } from './intake';

/** The custom protocol the Electron app registers for telephony systems that open URLs. */
export const SCREEN_POP_SCHEME = 'agentconsole';
const MAX_LINK_LENGTH = 2048;
const FIELDS = ['ani', 'accountNumber', 'caseId', 'email', 'channel', 'contactId'] as const;

/**
 * Reads `agentconsole://pop?ani=%2B15551234567&channel=phone` into the same intake the CTI
 * endpoint accepts. Telephony systems open these links by hand-built string, so two leniencies:
 * a missing channel means `phone` (a dialler opened it), and an unencoded `+` in `ani` (which
 * URL query rules turn into a space) is read back as the `+` it was.
 */
export function parseScreenPopLink(link: string): IntakeParse {
  if (link.length > MAX_LINK_LENGTH) return { ok: false, reason: `the link is longer than ${MAX_LINK_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== `${SCREEN_POP_SCHEME}:`) return { ok: false, reason: `the link must start with ${SCREEN_POP_SCHEME}://pop` };
  const target = `${url.host}${url.pathname}`.replace(/\/+$/, '');
  if (target !== 'pop') return { ok: false, reason: `unknown link target "${target.slice(0, 40)}": only ${SCREEN_POP_SCHEME}://pop is understood` };

  const fields: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (!(FIELDS as readonly string[]).includes(name)) return { ok: false, reason: `unknown parameter "${name.slice(0, 40)}"; use ${FIELDS.join(', ')}` };
    if (name in fields) return { ok: false, reason: `parameter "${name}" is given twice` };
    fields[name] = value;
  }
  if (fields.ani !== undefined && /^ \d/.test(fields.ani)) fields.ani = `+${fields.ani.slice(1)}`;
  return parseScreenPopIntake({ channel: 'phone', ...fields });
}

/** Finds the first pop link among command-line arguments (Windows and Linux hand it to the app that way). */
export function findScreenPopLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${SCREEN_POP_SCHEME}:`)) ?? null;
}
