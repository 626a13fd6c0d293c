/**
 * Lua scripts: each runs atomically on the Redis server, so a compare-and-set or a take-if-under cannot
 * interleave with another process's. Keys are built inside the prune script, so this store needs a single
 * Redis (not a cluster).
 */

/** Lua: whether the lease key (or "" for unfenced writes) is not held by `owner`; expired keys are gone. */
const leaseLost = `
local function leaseLost(key, owner)
  if key == '' then return false end
  local holder = redis.call('GET', key)
  return not holder or cjson.decode(holder).ownerId ~= owner
end`;

/**
 * KEYS: job, state set, prompt key or "", lease or "". ARGV: id, state, createdAt, version, record,
 * promptId, owner. Returns 1 when created, 0 when the job exists, 2 when `owner` does not hold the lease.
 */
export const createJob = `${leaseLost}
if leaseLost(KEYS[4], ARGV[7]) then return 2 end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'createdAt', ARGV[3], 'v', ARGV[4], 'record', ARGV[5], 'promptId', ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if KEYS[3] ~= '' then redis.call('SET', KEYS[3], ARGV[1], 'PX', 2592000000) end
return 1`;

/**
 * KEYS: job, from-state set, to-state set, finished set, prompt key or "", the user's done set or "",
 * lease or "". ARGV: id, from, to, createdAt, version, record, updatedAt, final ("1"/"0"), promptId, owner.
 * Returns {1} when written, {0, current state or ""} when the job was not in `from`, {2} when `owner`
 * does not hold the lease.
 */
export const transitionJob = `${leaseLost}
if leaseLost(KEYS[7], ARGV[10]) then return {2} end
local current = redis.call('HGET', KEYS[1], 'state')
if current ~= ARGV[2] then return {0, current or ''} end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'v', ARGV[5], 'record', ARGV[6], 'promptId', ARGV[9])
if ARGV[2] ~= ARGV[3] then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
  if ARGV[8] == '1' then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[1]) end
end
if KEYS[6] ~= '' and ARGV[3] == 'done' then redis.call('ZADD', KEYS[6], ARGV[7], ARGV[1]) end
if KEYS[5] ~= '' then redis.call('SET', KEYS[5], ARGV[1], 'PX', 2592000000) end
return {1}`;

/** KEYS: finished set. ARGV: prefix, before, batch. Deletes one batch of finished jobs; says how many. */
export const pruneJobs = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local key = ARGV[1] .. 'job:' .. id
  local fields = redis.call('HMGET', key, 'state', 'promptId')
  if fields[1] then redis.call('ZREM', ARGV[1] .. 'state:' .. fields[1], id) end
  if fields[2] and fields[2] ~= '' then
    local prompt = ARGV[1] .. 'prompt:' .. fields[2]
    if redis.call('GET', prompt) == id then redis.call('DEL', prompt) end
  end
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[1], id)
end
return #ids`;

/** KEYS: quota. ARGV: day, amount, limit (-1: none). Returns {taken 1/0, used as a string}. */
export const takeQuota = `
local used = 0
if redis.call('HGET', KEYS[1], 'day') == ARGV[1] then used = tonumber(redis.call('HGET', KEYS[1], 'used')) end
local amount = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
if limit >= 0 and used + amount > limit then return {0, tostring(used)} end
redis.call('HSET', KEYS[1], 'day', ARGV[1], 'used', tostring(used + amount))
redis.call('PEXPIRE', KEYS[1], 172800000)
return {1, tostring(used + amount)}`;

/** KEYS: quota. ARGV: day, amount. Returns the count after, as a string. */
export const giveBackQuota = `
if redis.call('HGET', KEYS[1], 'day') ~= ARGV[1] then return '0' end
local used = math.max(0, tonumber(redis.call('HGET', KEYS[1], 'used')) - tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'used', tostring(used))
return tostring(used)`;

/** KEYS: lease. ARGV: owner id, holder JSON, ttl ms, replacing. Returns nil when taken, else the holder's JSON. */
export const acquireLease = `
local current = redis.call('GET', KEYS[1])
if current then
  local owner = cjson.decode(current).ownerId
  if owner ~= ARGV[1] and owner ~= ARGV[4] then return current end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return false`;

/** KEYS: lease. ARGV: owner id, ttl ms, new expiresAt. Returns 1 when renewed. */
export const renewLease = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local holder = cjson.decode(current)
if holder.ownerId ~= ARGV[1] then return 0 end
holder.expiresAt = tonumber(ARGV[3])
redis.call('SET', KEYS[1], cjson.encode(holder), 'PX', ARGV[2])
return 1`;

/** KEYS: lease. ARGV: owner id. */
export const releaseLease = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).ownerId == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;
