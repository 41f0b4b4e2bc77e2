import { RedisScript } from '../adapters/redis/redis-script';

// Every script takes the entry's key as KEYS[1] and the store's base as ARGV[1]; the index keys
// are derived from the base. They all carry the `{dlq}` hash tag, so one slot holds the store.
const INDEX_HELPERS = `
local base = ARGV[1]
local function index(dim, value) return base .. ':idx:' .. dim .. ':' .. value end
local function move(id, score, from, to)
  redis.call('ZREM', index('status', from), id)
  redis.call('ZADD', index('status', to), score, id)
end
`;

/**
 * Stores a new entry unless its id is stored already (a redelivered DLQ record), in which case
 * it only counts the delivery. ARGV: base, id, score (ms), domain, reason, component, facts
 * JSON, DeadLetter bytes, headers JSON. Replies 1 when stored, 0 for a duplicate.
 */
export const ingestScript = new RedisScript(
  'dlq_ingest',
  1,
  `${INDEX_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'deliveries', 1)
  return 0
end
local id, score = ARGV[2], ARGV[3]
redis.call('HSET', KEYS[1], 'facts', ARGV[7], 'letter', ARGV[8], 'headers', ARGV[9],
  'status', 'open', 'deliveries', 1, 'score', score,
  'domain', ARGV[4], 'reason', ARGV[5], 'component', ARGV[6])
redis.call('ZADD', base .. ':idx:all', score, id)
local dims = { domain = ARGV[4], reason = ARGV[5], component = ARGV[6], status = 'open' }
for dim, value in pairs(dims) do
  redis.call('ZADD', index(dim, value), score, id)
  redis.call('SADD', base .. ':values:' .. dim, value)
end
return 1
`,
);

/**
 * Claims an entry for replay. ARGV: base, id, now (ms), lease (ms), replay JSON. Replies
 * {'claimed'}, {'replayed', replay JSON}, {'busy'} (another replay holds a live lease),
 * {'discarded'} or {'missing'}. An expired lease (a replay that crashed) can be claimed again.
 */
export const claimReplayScript = new RedisScript(
  'dlq_claim_replay',
  1,
  `${INDEX_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'replayed' then return {'replayed', redis.call('HGET', KEYS[1], 'replay')} end
if status == 'discarded' then return {'discarded'} end
local now = tonumber(ARGV[3])
if status == 'replaying' and tonumber(redis.call('HGET', KEYS[1], 'lease') or '0') > now then
  return {'busy'}
end
move(ARGV[2], redis.call('HGET', KEYS[1], 'score'), status, 'replaying')
redis.call('HSET', KEYS[1], 'status', 'replaying', 'lease', now + tonumber(ARGV[4]), 'replay', ARGV[5])
return {'claimed'}
`,
);

/**
 * Ends a claimed replay. ARGV: base, id, new status (`replayed` after a publish, `open` after a
 * failed one), replay JSON (empty to drop it). Replies 1, or 0 if the entry was not replaying.
 */
export const finishReplayScript = new RedisScript(
  'dlq_finish_replay',
  1,
  `${INDEX_HELPERS}
if redis.call('HGET', KEYS[1], 'status') ~= 'replaying' then return 0 end
move(ARGV[2], redis.call('HGET', KEYS[1], 'score'), 'replaying', ARGV[3])
redis.call('HSET', KEYS[1], 'status', ARGV[3])
redis.call('HDEL', KEYS[1], 'lease')
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'replay')
else redis.call('HSET', KEYS[1], 'replay', ARGV[4]) end
return 1
`,
);

/**
 * Discards an open entry. ARGV: base, id, discard JSON. Replies {'discarded'} (now or before),
 * {'conflict', status} or {'missing'}.
 */
export const discardScript = new RedisScript(
  'dlq_discard',
  1,
  `${INDEX_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'discarded' then return {'discarded'} end
if status ~= 'open' then return {'conflict', status} end
move(ARGV[2], redis.call('HGET', KEYS[1], 'score'), 'open', 'discarded')
redis.call('HSET', KEYS[1], 'status', 'discarded', 'discard', ARGV[3])
return {'discarded'}
`,
);

/**
 * Retention: deletes entries that failed before a cutoff, then the oldest beyond a maximum,
 * at most a batch per call. KEYS: the all-entries index. ARGV: base, cutoff (ms, 0 = none),
 * max entries (0 = none), batch. Replies {deleted, deleted while still open}.
 */
export const pruneScript = new RedisScript(
  'dlq_prune',
  1,
  `${INDEX_HELPERS}
local deleted, open = 0, 0
local function drop(id)
  local key = base .. ':entry:' .. id
  local f = redis.call('HMGET', key, 'domain', 'reason', 'component', 'status')
  if f[1] then redis.call('ZREM', index('domain', f[1]), id) end
  if f[2] then redis.call('ZREM', index('reason', f[2]), id) end
  if f[3] then redis.call('ZREM', index('component', f[3]), id) end
  if f[4] then redis.call('ZREM', index('status', f[4]), id) end
  if f[4] == 'open' then open = open + 1 end
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', key)
  deleted = deleted + 1
end
local batch = tonumber(ARGV[4])
local cutoff = tonumber(ARGV[2])
if cutoff > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], '-inf', '(' .. cutoff, 'BYSCORE', 'LIMIT', 0, batch)) do
    drop(id)
  end
end
local max = tonumber(ARGV[3])
if max > 0 then
  local excess = math.min(redis.call('ZCARD', KEYS[1]) - max, batch - deleted)
  if excess > 0 then
    for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, excess - 1)) do drop(id) end
  end
end
return {deleted, open}
`,
);
