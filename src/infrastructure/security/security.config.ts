import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/** The API key format: `<prefix>.<secret>`, prefix `ck_` + 16 hex digits, secret 43 base64url characters. */
export const API_KEY_PATTERN = /^ck_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/;

/** A key id: the public prefix of a key (`ck_` + 16 hex digits), as listings, routes and audit entries name it. */
export const KEY_ID_PATTERN = /^ck_[0-9a-f]{16}$/;

/** The security boundary: API keys, the access policy, what is open without a key. */
export class SecurityConfig {
  /**
   * `on`: every route but `/health` needs an API key. `off` (local development only): no key is asked for, every
   * request acts as an admin of the tenant it names (`x-tenant-id`, else `default`); a warning is logged at every
   * boot, and the service refuses to start on a non-loopback address unless `allowAuthOffOnNetwork` is true.
   * Default `on` (env `SECURITY_AUTH`).
   */
  @IsIn(['on', 'off']) auth: 'on' | 'off' = 'on';
  /** Lets `auth: off` listen on a non-loopback address. Default false. */
  @IsBoolean() allowAuthOffOnNetwork = false;
  /**
   * An admin key of the `default` tenant created at boot with this exact value when no admin key exists (format
   * `ck_<16 hex>.<43 base64url>`, e.g. from `npm run keys -- generate`). Without it, a new embedded deployment
   * creates one and prints it once to standard error. Default unset (env `SECURITY_BOOTSTRAP_KEY`).
   */
  @IsOptional()
  @Matches(API_KEY_PATTERN, {
    message: 'security.bootstrapKey must look like ck_<16 hex digits>.<43 base64url characters>',
  })
  bootstrapKey?: string;
  /**
   * A secret mixed into every stored key hash (HMAC-SHA256), so that a copy of the database alone cannot be used to
   * test guessed keys. At least 32 characters. Without it the embedded deployment keeps a generated one in
   * `<dataDir>/security.pepper`; with PostgreSQL it is required (every instance must share it). Env `SECURITY_PEPPER`.
   */
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'security.pepper must be at least 32 characters' })
  pepper?: string;
  /** How long a rotated key stays valid beside its replacement, in ms. Default 86400000 (24 h). */
  @IsInt() @Min(0) @Max(30 * 86_400_000) rotationGraceMs = 86_400_000;
  /** How long a verified key is trusted from memory before it is read again (revocation also clears it). Default 30000. */
  @IsInt() @Min(0) @Max(3_600_000) keyCacheMs = 30_000;
  /** Serve `GET /metrics` without a key. Default false. */
  @IsBoolean() openMetrics = false;
  /** Serve `/docs` (OpenAPI) without a key. Default false. */
  @IsBoolean() openDocs = false;
  /**
   * Extra permissions per role, added to the built-in table (see docs/security/access-control.md), e.g.
   * `["user=greeting.run", "viewer=reports.read"]`. Default empty.
   */
  @IsArray()
  @IsString({ each: true })
  @Matches(/^(viewer|user|moderator|ops|admin)=[a-z*][a-z0-9_*]*\.[a-z*][a-z0-9_*]*$/, {
    each: true,
    message: 'security.extraGrants entries must be <role>=<permission>',
  })
  extraGrants: string[] = [];
}

export const securityConfig = defineConfigSection({
  key: 'security',
  schema: SecurityConfig,
  env: { auth: 'SECURITY_AUTH', bootstrapKey: 'SECURITY_BOOTSTRAP_KEY', pepper: 'SECURITY_PEPPER' },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    security: SecurityConfig;
  }
}
