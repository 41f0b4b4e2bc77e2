import { RedisScript } from './redis-script';

/**
 * Adds an entry to one index unless the index has its id already, trims the index to its
 * newest entries and renews the index's time to live.
 * KEYS: order, entries, counter. ARGV: id, time (ms), encoded entry, TTL ms (0 = none),
 * max entries (0 = no limit). Replies 1 when added, 0 for a duplicate.
 * Order members are a 16-digit arrival counter followed by the id, so entries of the same
 * millisecond sort by arrival.
 */
export const recordAuditScript = new RedisScript(
  'audit_record',
  3,
  `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
local n = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], ARGV[2], string.format('%016d', n) .. ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local max = tonumber(ARGV[5])
if max > 0 then
  local excess = redis.call('ZCARD', KEYS[1]) - max
  if excess > 0 then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
    for _, member in ipairs(oldest) do
      redis.call('HDEL', KEYS[2], string.sub(member, 17))
    end
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  end
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`,
);

/** Every entry of one index, oldest first. KEYS: order, entries. Replies encoded entries. */
export const readAuditScript = new RedisScript(
  'audit_read',
  2,
  `
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, member in ipairs(members) do
  local entry = redis.call('HGET', KEYS[2], string.sub(member, 17))
  if entry then out[#out + 1] = entry end
end
return out
`,
);
