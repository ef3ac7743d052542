/** `npm run token -- --user <id> [--expires 12h]`: a bearer token from the local issuer. */
import { parseArgs } from 'node:util';
import { parseDuration } from '../infra/local/clock.ts';
import { DEMO_USERS } from '../infra/local/demo-users.ts';
import { loadIssuer } from '../infra/local/issuer.ts';
import { dataDir } from '../infra/local/paths.ts';

const usage = `Usage: npm run token -- --user <userId> [--expires 12h]

Prints a bearer token for a user of the embedded host, signed with its local key (in .data/;
the host need not be running). The token names the user only: role, organization and section
come from the user's record, so the user must exist (the demo users always do).

  --user, -u     the user id
  --expires, -e  how long the token is valid: 30m, 12h, 7d (default 12h)
  --help, -h     this text

Demo users: ${DEMO_USERS.map((u) => u.userId).join(', ')}`;

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        user: { type: 'string', short: 'u' },
        expires: { type: 'string', short: 'e', default: '12h' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    // An unknown option or a missing value: say what is wrong and how it is used, not a stack trace.
    console.error(`${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
})();

if (parsed.help) {
  console.log(usage);
  process.exit(0);
}
if (!parsed.user) {
  console.error(usage);
  process.exit(2);
}
const lifetime = (() => {
  try {
    return parseDuration(parsed.expires);
  } catch (e) {
    console.error(`--expires: ${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
})();
if (lifetime <= 0) {
  console.error(`--expires: a token that is expired when it is made is of no use; give a positive duration\n\n${usage}`);
  process.exit(2);
}
const issuer = await loadIssuer(dataDir());
console.log(await issuer.sign(parsed.user, { expiresIn: parsed.expires }));
