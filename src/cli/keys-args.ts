import { parseArgs } from 'node:util';
import { ROLES } from '../core/security/principal';
import { API_KEY_PATTERN, KEY_ID_PATTERN } from '../infrastructure/security/security.config';
import { parseNewKey, type NewKeyArgs } from './keys-create-args';
import { checkTenant, single, type RawOptions } from './keys-options';

export const USAGE = `Usage: npm run keys -- <command> [options]

Manages the API keys in the service's own store (the server's config/, DATA_DIR or DATABASE_URL) as the local
operator: any tenant, audited as cli:<user>.

  create --tenant ID --role ROLE [--role ROLE …] [--scope PERMISSION …] [--name TEXT]
         [--expires-in 12h|30d | --expires-at ISO-8601] [--attribute riskTier=low|medium|high]
         [--attribute channel=NAME] [--json]
      Creates a key and prints it on stdout, this once; what is stored of it goes to stderr (--json: both as JSON).
  list [--tenant ID] [--json]       The keys (of one tenant with --tenant), newest first; never a secret.
  rotate KEY_ID [--json]            A new key with the same grants, printed once; the old one stays valid for
                                    security.rotationGraceMs (its end is shown).
  revoke KEY_ID [--json]            Refuses the key at once.
  generate                          Prints a new random key without storing it (for SECURITY_BOOTSTRAP_KEY).
  help                              This text.

Roles: ${ROLES.join(', ')}. KEY_ID is the part of a key before the dot (ck_<16 hex digits>).
The embedded database can be open in one process at a time: stop the server first, or use the REST routes
(/security/keys), or PostgreSQL (DATABASE_URL). Exit code 0 on success, 1 when the command fails, 2 on a usage
error.`;

export const KEY_COMMANDS = ['create', 'list', 'rotate', 'revoke', 'generate', 'help'] as const;
export type KeyCommandName = (typeof KEY_COMMANDS)[number];

/** A parsed command line. */
export type KeysCommand =
  | { readonly command: 'create'; readonly key: NewKeyArgs; readonly json: boolean }
  | { readonly command: 'list'; readonly tenantId?: string; readonly json: boolean }
  | { readonly command: 'rotate' | 'revoke'; readonly keyId: string; readonly json: boolean }
  | { readonly command: 'generate' }
  | { readonly command: 'help' };

type OptionSpec = Record<string, { type: 'string'; multiple: true } | { type: 'boolean' }>;

const text = { type: 'string', multiple: true } as const;
const flag = { type: 'boolean' } as const;

/** The options of each command (every command also takes --help). */
const OPTIONS: Record<KeyCommandName, OptionSpec> = {
  create: {
    tenant: text,
    role: text,
    scope: text,
    name: text,
    'expires-in': text,
    'expires-at': text,
    attribute: text,
    json: flag,
  },
  list: { tenant: text, json: flag },
  rotate: { json: flag },
  revoke: { json: flag },
  generate: {},
  help: {},
};

/**
 * Parses `npm run keys` arguments; throws an Error whose message names the offending argument. `now` (epoch ms)
 * bounds `--expires-at`.
 */
export function parseKeysArgs(argv: readonly string[], now: number): KeysCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new Error(`give a command: ${KEY_COMMANDS.join(', ')}`);
  if (first === '--help' || first === '-h') return { command: 'help' };
  if (!(KEY_COMMANDS as readonly string[]).includes(first))
    throw new Error(`unknown command "${first}": give one of ${KEY_COMMANDS.join(', ')}`);
  const command = first as KeyCommandName;
  const { values, positionals } = parseOptions(command, rest);
  if (values.help === true || command === 'help') return { command: 'help' };
  const json = values.json === true;
  switch (command) {
    case 'create':
      noPositionals(command, positionals);
      return { command, key: parseNewKey(values, now), json };
    case 'list': {
      noPositionals(command, positionals);
      const tenantId = single(values, 'tenant');
      return { command, ...(tenantId === undefined ? {} : { tenantId: checkTenant(tenantId) }), json };
    }
    case 'rotate':
    case 'revoke':
      return { command, keyId: keyIdOf(command, positionals), json };
    case 'generate':
      noPositionals(command, positionals);
      return { command };
  }
}

function parseOptions(command: KeyCommandName, args: readonly string[]) {
  const options = { ...OPTIONS[command], help: flag };
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    return { values: values as RawOptions, positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw err;
    const option = /'([^']+)'/.exec(err.message)?.[1] ?? '';
    const known = Object.keys(OPTIONS[command]).map((o) => `--${o}`);
    throw new Error(
      `unknown option '${option}' for ${command} (${known.length ? `it takes ${known.join(', ')}` : 'it takes none'})`,
      { cause: e },
    );
  }
}

function noPositionals(command: KeyCommandName, positionals: readonly string[]): void {
  if (positionals.length > 0) throw new Error(`${command} takes no arguments besides options, got "${positionals[0]}"`);
}

/** The one key id of rotate / revoke. A whole key (its secret) is never repeated back. */
function keyIdOf(command: KeyCommandName, positionals: readonly string[]): string {
  if (positionals.length !== 1)
    throw new Error(`${command} needs one KEY_ID (ck_<16 hex digits>), got ${positionals.length}`);
  const id = positionals[0];
  if (API_KEY_PATTERN.test(id) || id.includes('.'))
    throw new Error(`KEY_ID is the part of the key before the dot (ck_<16 hex digits>), not the whole key`);
  if (!KEY_ID_PATTERN.test(id)) throw new Error(`KEY_ID must look like ck_<16 hex digits>, got "${id}"`);
  return id;
}
