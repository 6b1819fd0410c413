/**
 * The Redis side of the rate limiter: the same steps as `InMemoryRateLimitStore.take`, run atomically by Redis so
 * that every instance draws on one budget. One hash per scope and key with the fields `tat` (when the bucket is
 * full again), `v` / `vt` (violations in the window, time of the last) and `cd` (end of the cooldown); absent
 * fields are 0. Each hash expires 1 s after it stops mattering, so Redis holds only live keys.
 *
 * KEYS: the buckets' hashes, in the request's order.
 * ARGV: now, cost, windowMs, number of escalation steps, then `violations, cooldownMs` per step, then
 *       `intervalMs, toleranceMs, escalate (1/0)` per bucket.
 * Reply: `{allowed (1/0), index of the denying bucket (1-based), reason (1 rate_limited, 2 cooldown), retryAfterMs}`.
 */
export const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local steps = tonumber(ARGV[4])
local base = 4 + 2 * steps
local function num(x) return string.format('%.17g', x) end
local function expire(key, s, tat)
  local last = math.max(tat, s.cd)
  if s.v > 0 then last = math.max(last, s.vt + window) end
  redis.call('PEXPIRE', key, math.ceil(last - now) + 1000)
end
local state = {}
local cooling, longest = 0, 0
for i = 1, #KEYS do
  local f = redis.call('HMGET', KEYS[i], 'tat', 'v', 'vt', 'cd')
  local s = { tat = tonumber(f[1]) or 0, v = tonumber(f[2]) or 0, vt = tonumber(f[3]) or 0, cd = tonumber(f[4]) or 0 }
  state[i] = s
  if s.cd - now > longest then longest = s.cd - now; cooling = i end
end
if cooling > 0 then return { 0, cooling, 2, math.ceil(longest) } end
local nexts = {}
for i = 1, #KEYS do
  local s = state[i]
  local interval = tonumber(ARGV[base + 3 * i - 2])
  local tolerance = tonumber(ARGV[base + 3 * i - 1])
  local nxt = math.max(s.tat, now) + cost * interval
  if nxt - now > tolerance then
    if ARGV[base + 3 * i] == '1' then
      if s.v == 0 or now - s.vt > window then s.v = 1 else s.v = s.v + 1 end
      s.vt = now
      local ms = 0
      for j = 1, steps do
        local at, len = tonumber(ARGV[3 + 2 * j]), tonumber(ARGV[4 + 2 * j])
        if s.v >= at and len > ms then ms = len end
      end
      if ms > 0 and now + ms > s.cd then s.cd = now + ms end
      redis.call('HSET', KEYS[i], 'v', num(s.v), 'vt', num(s.vt), 'cd', num(s.cd))
      expire(KEYS[i], s, s.tat)
      if s.cd > now then return { 0, i, 2, math.ceil(s.cd - now) } end
    end
    return { 0, i, 1, math.max(1, math.ceil(nxt - now - tolerance)) }
  end
  nexts[i] = nxt
end
for i = 1, #KEYS do
  local s = state[i]
  if s.v ~= 0 and s.cd <= now and now - s.vt > window then
    s.v, s.vt, s.cd = 0, 0, 0
    redis.call('HDEL', KEYS[i], 'v', 'vt', 'cd')
  end
  redis.call('HSET', KEYS[i], 'tat', num(nexts[i]))
  expire(KEYS[i], s, nexts[i])
end
return { 1, 0, 0, 0 }
`;

/**
 * Puts one key in cooldown until ARGV[1] unless its cooldown already ends later, keeping the hash alive that long.
 * KEYS: the hash. ARGV: untilMs, now. Reply: the end of the cooldown in force.
 */
export const COOLDOWN_SCRIPT = `
local untilMs, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local cd = tonumber(redis.call('HGET', KEYS[1], 'cd')) or 0
if untilMs > cd then
  cd = untilMs
  redis.call('HSET', KEYS[1], 'cd', string.format('%.17g', cd))
  local need = math.ceil(cd - now) + 1000
  if redis.call('PTTL', KEYS[1]) < need then redis.call('PEXPIRE', KEYS[1], need) end
end
return cd
`;
