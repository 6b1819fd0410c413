import type { FastifyInstance } from 'fastify';

/**
 * The floor of the security boundary: the same per-request work as the service's boundary, written by hand in one
 * synchronous hook with no layering: the key looked up in a map and its secret compared in constant time (the
 * verified secret, as the service keeps it), the permission looked up in a set, one sliding-window count per key
 * and per IP (100 a minute), and three token buckets (key, tenant, key and route; GCRA with budgets too large to
 * deny). Used by the security bench's floor variants to tell the boundary's own cost from the cost of doing that
 * work at all inside a server.
 */
export function installFloorBoundary(app: FastifyInstance, key: string): void {
  const dot = key.indexOf('.');
  const keys = new Map([
    [key.slice(0, dot), { secret: key.slice(dot + 1), keyId: key.slice(0, dot), tenantId: 'default' }],
  ]);
  const grants = new Set(['noop.run']);
  const windows = new Map<string, number[]>();
  const tats = new Map<string, number>();
  const emissionMs = 60_000 / 1_000_000;
  const toleranceMs = emissionMs * 1_000_000;
  const same = (a: string, b: string) => {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return diff === 0;
  };
  const hit = (id: string, now: number) => {
    let times = windows.get(id);
    if (!times) windows.set(id, (times = []));
    times.push(now);
    let stale = 0;
    while (stale < times.length && times[stale] <= now - 60_000) stale++;
    if (times.length - stale > 101) stale = times.length - 101;
    if (stale > 0) times.splice(0, stale);
    return times.length > 100;
  };
  app.addHook('onRequest', (req, reply, done) => {
    const auth = req.headers.authorization;
    const text = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const cut = text.indexOf('.');
    const entry = cut > 0 ? keys.get(text.slice(0, cut)) : undefined;
    if (!entry || !same(text.slice(cut + 1), entry.secret)) {
      void reply.code(401).send({ status: 'error' });
      return;
    }
    if (!grants.has('noop.run')) {
      void reply.code(403).send({ status: 'error' });
      return;
    }
    const now = Date.now();
    hit(entry.keyId, now);
    hit(req.ip, now);
    const ids = [
      `user:${entry.keyId}`,
      `tenant:${entry.tenantId}`,
      `route:${entry.keyId}:${req.method} ${req.routeOptions.url}`,
    ];
    for (const id of ids) {
      const tat = Math.max(tats.get(id) ?? now, now) + emissionMs;
      if (tat - now > toleranceMs) {
        void reply.code(429).send({ status: 'error' });
        return;
      }
      tats.set(id, tat);
    }
    done();
  });
}
