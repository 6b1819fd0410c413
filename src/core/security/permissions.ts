import { SetMetadata } from '@nestjs/common';

/**
 * A permission is `<area>.<action>`, e.g. `feedback.submit`, `advanced_bandits.admin`, `security.keys`. Role
 * grants may use `*` for every permission, `<area>.*` or `*.<action>`.
 */
export type Permission = string;

const PERMISSION = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** Whether `p` is a well-formed permission name. */
export function isPermission(p: string): boolean {
  return PERMISSION.test(p);
}

export const PERMISSION_KEY = 'crew:permission';
export const PUBLIC_ROUTE_KEY = 'crew:public';

/**
 * The permission a route needs. Every route declares one (or `@PublicRoute()`); a test fails on a route that
 * declares neither, and the guard denies such a route at run time.
 *
 * @example
 * @Post('decide')
 * @RequirePermission('advanced_bandits.run')
 * decide(@RequestCtx() ctx: OrchestrationContext, @Body() body: DecideDto) { ... }
 */
export function RequirePermission(permission: Permission): MethodDecorator & ClassDecorator {
  if (!isPermission(permission)) throw new Error(`"${permission}" is not a permission (<area>.<action>)`);
  return SetMetadata(PERMISSION_KEY, permission);
}

/** A route anyone may call without a key (liveness only; `/metrics` and `/docs` are opened by configuration). */
export function PublicRoute(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ROUTE_KEY, true);
}

/** The declared permission of routes that run an orchestration named by the request (see below). */
export const ORCHESTRATION_PERMISSION = '@orchestration';

/**
 * For routes that run an orchestrator named by the request (`POST /orchestrators/:name/orchestrate`, GraphQL
 * `orchestrate`): the permission is the one the orchestrator declares for the requested operation, checked by the
 * facade before the orchestrator runs; the route itself only requires an authenticated principal.
 */
export function PermissionOfOrchestration(): MethodDecorator & ClassDecorator {
  return SetMetadata(PERMISSION_KEY, ORCHESTRATION_PERMISSION);
}

export const INSPECT_FIELDS_KEY = 'crew:inspect-fields';

/**
 * A group of request fields the threat inspection reads, with its mode. A field is a dot path into the request's
 * JSON body (a GraphQL resolver's arguments): a string is inspected as it is; an object or array is inspected as
 * one text made of every key and string under it, one per line, named by the path (free-form `metadata`).
 */
export interface InspectedFields {
  readonly fields: readonly string[];
  /** `block` refuses a matching request with 400 naming the field; `monitor` only records the threat. */
  readonly mode?: 'monitor' | 'block';
  /** Pattern rules (ids or categories) not to apply to these fields (e.g. `command_injection.backticks`). */
  readonly skip?: readonly string[];
}

/**
 * Runs the threat patterns (SQL injection, script, path traversal, command injection) over the named fields of
 * this route's body (or resolver's arguments), never over the whole body. Several groups may be given, each with
 * its own mode and skipped rules; every group is inspected, and a match in a `block` group refuses the request.
 * `mode` defaults to `threats.defaultMode`.
 *
 * @example
 * @Post()
 * @RequirePermission('autointel.run')
 * @InspectFields({ fields: ['url'], mode: 'block' }, { fields: ['note'], mode: 'monitor' })
 * start(@Body() body: StartRunDto) { ... }
 */
export function InspectFields(...groups: InspectedFields[]): MethodDecorator & ClassDecorator {
  if (groups.length === 0 || groups.some((g) => g.fields.length === 0))
    throw new Error('@InspectFields needs at least one group with at least one field');
  return SetMetadata(INSPECT_FIELDS_KEY, groups);
}
