/** `npm run token -- --user <id> [--expires 12h]`: a bearer token from the local issuer. */
import { parseArgs } from 'node:util';
import { loadIssuer } from '../infra/local/issuer.ts';
import { dataDir } from '../infra/local/paths.ts';
import { DEMO_USERS } from '../infra/local/demo-users.ts';

const { values } = parseArgs({ options: { user: { type: 'string' }, expires: { type: 'string', default: '12h' } } });
if (!values.user) {
  console.error(`Usage: npm run token -- --user <userId>\nDemo users: ${DEMO_USERS.map((u) => u.userId).join(', ')}`);
  process.exit(2);
}
const issuer = await loadIssuer(dataDir());
console.log(await issuer.sign(values.user, { expiresIn: values.expires }));
