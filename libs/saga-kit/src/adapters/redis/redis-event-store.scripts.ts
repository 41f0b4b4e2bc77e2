import { RedisScript } from './redis-script';

/**
 * The whole append, atomically, in the stream's slot.
 * KEYS: events, dedup, outbox, outbox-data, meta.
 * ARGV: expected sequence, has dedup (1/0), dedup key, dedup value, dedup TTL ms (0 = none),
 *       page count P, outbox count O, P encoded pages, O × (message id, encoded message).
 * Replies `{'duplicate', stored value}`, `{'conflict', actual next sequence}` (nothing written
 * in either case) or `{'appended', next sequence, 1 if the outbox was empty before}`.
 * Outbox scores are the server clock in µs, made strictly increasing per stream so that the
 * score order is the enqueue order even if the clock steps back (failover to another host).
 */
export const appendScript = new RedisScript(
  'append',
  5,
  `
local hasDedup = ARGV[2] == '1'
local pageCount = tonumber(ARGV[6])
local outboxCount = tonumber(ARGV[7])
if hasDedup then
  local stored = redis.call('HGET', KEYS[2], ARGV[3])
  if stored then return {'duplicate', stored} end
end
local nextSequence = redis.call('LLEN', KEYS[1])
if pageCount > 0 and nextSequence ~= tonumber(ARGV[1]) then
  return {'conflict', nextSequence}
end
for i = 1, pageCount do
  redis.call('RPUSH', KEYS[1], ARGV[7 + i])
end
nextSequence = nextSequence + pageCount
if hasDedup then
  redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
  local ttl = tonumber(ARGV[5])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
local wasEmpty = 0
if outboxCount > 0 then
  if redis.call('ZCARD', KEYS[3]) == 0 then wasEmpty = 1 end
  local now = redis.call('TIME')
  local last = tonumber(redis.call('HGET', KEYS[5], 'outbox-clock') or '0')
  local clock = math.max(tonumber(now[1]) * 1000000 + tonumber(now[2]), last + 1)
  local first = 7 + pageCount
  for i = 0, outboxCount - 1 do
    local id = ARGV[first + 2 * i + 1]
    -- An id already queued keeps its place: the same id is the same message.
    if redis.call('HSETNX', KEYS[4], id, ARGV[first + 2 * i + 2]) == 1 then
      redis.call('ZADD', KEYS[3], string.format('%.0f', clock), id)
      last = clock
      clock = clock + 1
    end
  end
  redis.call('HSET', KEYS[5], 'outbox-clock', string.format('%.0f', last))
end
return {'appended', nextSequence, wasEmpty}
`,
);

/**
 * The next sequence, when asked the latest snapshot, and the first batch of pages after it (or
 * from 0), read together so they agree, in one round trip: most streams (or their tails after a
 * snapshot) fit in one batch, and a load is then a single call.
 * KEYS: events, snapshots. ARGV: want snapshot (1/0), batch size.
 * Replies `{next sequence, snapshot or false, first sequence of the pages, pages}`.
 */
export const loadHeadScript = new RedisScript(
  'load_head',
  2,
  `
local n = redis.call('LLEN', KEYS[1])
local snapshot = false
local from = 0
if ARGV[1] == '1' then
  local latest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  if latest[1] then
    snapshot = latest[1]
    from = tonumber(latest[2]) + 1
  end
end
local pages = {}
if from < n then
  pages = redis.call('LRANGE', KEYS[1], from, math.min(n, from + tonumber(ARGV[2])) - 1)
end
return {n, snapshot, from, pages}
`,
);

/**
 * Stores a snapshot of an existing page and keeps only the newest few by sequence.
 * KEYS: events, snapshots. ARGV: sequence, encoded snapshot, how many to keep.
 * Replies `{'saved'}` or `{'invalid', next sequence}` when the page does not exist.
 */
export const saveSnapshotScript = new RedisScript(
  'save_snapshot',
  2,
  `
local n = redis.call('LLEN', KEYS[1])
if tonumber(ARGV[1]) >= n then return {'invalid', n} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], ARGV[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
return {'saved'}
`,
);

/**
 * Removes acknowledged messages of one stream; unknown ids are ignored.
 * KEYS: outbox, outbox-data. ARGV: message ids. Replies how many messages remain queued.
 */
export const outboxAckScript = new RedisScript(
  'outbox_ack',
  2,
  `
for i = 1, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
end
return redis.call('ZCARD', KEYS[1])
`,
);
