/**
 * `npx ts-node --transpile-only scripts/measure-access-policy.ts`: one permission check, with this service's typed
 * role table (`evaluate`, and the memoised `AccessPolicyService` path) and with CASL (`@casl/ability`) built from the
 * same grants. Prints the median of 7 rounds in ns per check. Quoted in docs/security/README.md.
 */
import { createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Principal } from '../src/core/security/principal';
import { evaluate, ROLE_GRANTS } from '../src/infrastructure/security/access/role-grants';

const ROUNDS = 7;
const PER_ROUND = 200_000;
const PERMISSIONS = ['advanced_bandits.run', 'advanced_bandits.admin', 'unified_feedback.read', 'security.keys'];
const ops: Principal = {
  tenantId: 't',
  keyId: 'k',
  roles: ['ops'],
  scopes: [],
  attributes: {},
  mayActForOtherTenants: false,
};

function median(run: (i: number) => boolean): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += run(i) ? 1 : 0;
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) sink += run(i) ? 1 : 0;
    rounds.push(Number(process.hrtime.bigint() - start) / PER_ROUND);
  }
  if (sink < 0) console.log(sink);
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

/** The ops role as CASL rules: action and subject are the permission's two halves, `all` / `manage` the wildcards. */
function caslFor(grants: readonly string[]): MongoAbility {
  return createMongoAbility(
    grants.map((g) => {
      const [area, action] = g.split('.');
      return { action: action === '*' ? 'manage' : action, subject: area === '*' ? 'all' : area };
    }),
  );
}

const ability = caslFor(ROLE_GRANTS.ops);
const memo = new Map<string, boolean>();
const table = median((i) => evaluate(ops, PERMISSIONS[i & 3]) === 'allowed');
const memoised = median((i) => {
  const p = PERMISSIONS[i & 3];
  let v = memo.get(p);
  if (v === undefined) memo.set(p, (v = evaluate(ops, p) === 'allowed'));
  return v;
});
const casl = median((i) => {
  const [area, action] = PERMISSIONS[i & 3].split('.');
  return ability.can(action, area);
});
console.log(`typed table, evaluated: ${table.toFixed(0)} ns`);
console.log(`typed table, memoised per principal (the service's path): ${memoised.toFixed(0)} ns`);
console.log(`CASL can(): ${casl.toFixed(0)} ns`);
