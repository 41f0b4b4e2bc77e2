import { RedisScript } from './redis-script';

/**
 * Queues a job unless its id is queued or was acknowledged within the retention.
 * KEYS: due, data, done. ARGV: id, payload, due time (ms). Replies 1 when queued, 0 otherwise.
 */
export const enqueueJobScript = new RedisScript(
  'job_enqueue',
  3,
  `
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`,
);

/**
 * Claims the jobs due at `now`, oldest due first, hiding each until `now + lease` and counting
 * the attempt. KEYS: due, data, attempts. ARGV: now (ms), limit, lease (ms).
 * Replies a flat list of (id, payload, attempts, due time) per claimed job. A due id without
 * data (left by a crash mid-ack) is dropped.
 */
export const claimJobsScript = new RedisScript(
  'job_claim',
  3,
  `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local visible = string.format('%.0f', tonumber(ARGV[1]) + tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  local payload = redis.call('HGET', KEYS[2], id)
  if payload then
    local due = redis.call('ZSCORE', KEYS[1], id)
    redis.call('ZADD', KEYS[1], visible, id)
    local attempts = redis.call('HINCRBY', KEYS[3], id, 1)
    table.insert(out, id)
    table.insert(out, payload)
    table.insert(out, attempts)
    table.insert(out, due)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`,
);

/**
 * Removes a job and remembers its id as done (server time), forgetting ids done longer ago than
 * the retention. KEYS: due, data, attempts, done. ARGV: id, retention (ms).
 */
export const ackJobScript = new RedisScript(
  'job_ack',
  4,
  `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[4], string.format('%.0f', now), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. string.format('%.0f', now - tonumber(ARGV[2])))
return 1
`,
);

/** Moves a queued job's due time. KEYS: due, data. ARGV: id, due time (ms). */
export const rescheduleJobScript = new RedisScript(
  'job_reschedule',
  2,
  `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`,
);
