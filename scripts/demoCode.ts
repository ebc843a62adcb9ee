/**
 * Prints the current second-factor code of a demo user (what their authenticator app would
 * show), for a demo without a phone: `npm run demo:code -- agent`.
 */
import { DEMO_AGENTS, DEMO_UNENROLLED_USERS, demoTotpCode } from '../src/server/index';

const username = process.argv[2] ?? 'agent';
if (!DEMO_AGENTS.some((agent) => agent.username === username) || DEMO_UNENROLLED_USERS.includes(username)) {
  console.error(`${username} is not a demo user with a demo TOTP secret (agent12 enrols at first sign-in).`);
  process.exit(1);
}
const stepMs = 30_000;
const left = Math.ceil((stepMs - (Date.now() % stepMs)) / 1000);
console.log(`${demoTotpCode(username)}  (${username}, valid for another ${left} s)`);
