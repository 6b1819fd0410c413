import { plainToInstance } from 'class-transformer';
import { isISO8601, validateSync } from 'class-validator';
import { ROLES, type PrincipalAttributes, type Role } from '../core/security/principal';
import { CreateKeyDto, MAX_KEY_LIFETIME_DAYS } from '../infrastructure/security/dto/create-key.dto';
import { checkTenant, many, single, type RawOptions } from './keys-options';

/** When a key expires: never, at a time (epoch ms), or a lifetime after its creation (ms). */
export type KeyExpiry = null | { readonly at: number } | { readonly afterMs: number };

/** What `create` stores: the fields of `ApiKeyService.create`, with the expiry still to be placed in time. */
export interface NewKeyArgs {
  readonly tenantId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly scopes: readonly string[];
  readonly attributes: PrincipalAttributes;
  readonly expires: KeyExpiry;
}

/** The name of a key created without `--name`. */
export const DEFAULT_KEY_NAME = 'cli';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DURATION = /^([1-9][0-9]{0,6})([hd])$/;

/** The command-line option of each field of the REST body, to name it in messages. */
const OPTION_OF: Record<string, string> = {
  name: '--name',
  roles: '--role',
  scopes: '--scope',
  riskTier: '--attribute riskTier',
  channel: '--attribute channel',
};

type DtoFields = Partial<Record<'name' | 'riskTier' | 'channel', string> & Record<'roles' | 'scopes', string[]>>;

/**
 * The options of `create`, checked by the rules of `POST /security/keys`: the tenant as the routes check
 * `x-tenant-id`, name, roles, scopes and attributes through the route's own DTO, the expiry within the same
 * longest lifetime. Repeated roles and scopes count once. `now` (epoch ms) bounds `--expires-at`.
 */
export function parseNewKey(values: RawOptions, now: number): NewKeyArgs {
  const tenant = single(values, 'tenant');
  if (tenant === undefined) throw new Error('create needs --tenant ID');
  const tenantId = checkTenant(tenant);
  const roles = many(values, 'role');
  if (roles.length === 0) throw new Error(`create needs at least one --role (${ROLES.join(', ')})`);
  const scopes = many(values, 'scope');
  const attributes = attributesOf(many(values, 'attribute'));
  const name = single(values, 'name') ?? DEFAULT_KEY_NAME;
  const fields: DtoFields = { name, roles, ...(scopes.length ? { scopes } : {}), ...attributes };
  checkWithDto(fields);
  return {
    tenantId,
    name,
    roles: roles as Role[],
    scopes,
    attributes,
    expires: expiryOf(single(values, 'expires-in'), single(values, 'expires-at'), now),
  };
}

/** `--attribute riskTier=medium --attribute channel=ops` (each at most once; values checked by the DTO). */
function attributesOf(given: readonly string[]): { riskTier?: PrincipalAttributes['riskTier']; channel?: string } {
  const out: Record<string, string> = {};
  for (const item of given) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || (name !== 'riskTier' && name !== 'channel'))
      throw new Error(`--attribute must be riskTier=<low|medium|high> or channel=<name>, got "${item}"`);
    if (name in out) throw new Error(`--attribute ${name} may be given once`);
    out[name] = item.slice(eq + 1);
  }
  return out;
}

/** Validates with the REST body's DTO and rewrites its first problem to name the option (and the bad value). */
function checkWithDto(fields: DtoFields): void {
  const problem = firstProblem(fields);
  if (!problem) return;
  const [field, message] = problem;
  const option = OPTION_OF[field] ?? field;
  const rule = message.replace(/^each value in /, '').replace(new RegExp(`^${field}\\b`), option);
  const value = fields[field as keyof DtoFields];
  // For a list, the entries that fail alone (none when the list as a whole is wrong, e.g. too long).
  const bad = Array.isArray(value)
    ? value.filter((v) => firstProblem({ ...fields, [field]: [v] })?.[0] === field)
    : [value];
  throw new Error(bad.length ? `${rule}, got "${bad.join('", "')}"` : rule);
}

function firstProblem(fields: DtoFields): [string, string] | undefined {
  const errors = validateSync(plainToInstance(CreateKeyDto, fields), { whitelist: true, forbidNonWhitelisted: true });
  const error = errors[0];
  if (!error) return undefined;
  return [error.property, Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`];
}

/** The expiry from `--expires-in` (hours or days) or `--expires-at` (ISO 8601), within the longest lifetime. */
function expiryOf(expiresIn: string | undefined, expiresAt: string | undefined, now: number): KeyExpiry {
  const longest = MAX_KEY_LIFETIME_DAYS * DAY_MS;
  if (expiresIn !== undefined && expiresAt !== undefined)
    throw new Error('give --expires-in or --expires-at, not both');
  if (expiresIn !== undefined) {
    const m = DURATION.exec(expiresIn);
    const ms = m ? Number(m[1]) * (m[2] === 'h' ? HOUR_MS : DAY_MS) : NaN;
    if (!(ms <= longest))
      throw new Error(
        `--expires-in must be whole hours or days such as 12h or 30d, at most ${MAX_KEY_LIFETIME_DAYS}d, got "${expiresIn}"`,
      );
    return { afterMs: ms };
  }
  if (expiresAt === undefined) return null;
  const at = isISO8601(expiresAt, { strict: true }) ? Date.parse(expiresAt) : NaN;
  if (!Number.isFinite(at))
    throw new Error(`--expires-at must be an ISO 8601 time such as 2027-01-31T00:00:00Z, got "${expiresAt}"`);
  if (at <= now) throw new Error(`--expires-at must be in the future, got "${expiresAt}"`);
  if (at > now + longest)
    throw new Error(`--expires-at must be at most ${MAX_KEY_LIFETIME_DAYS} days ahead, got "${expiresAt}"`);
  return { at };
}
