-- Admits one request against the budget all processes of an account share, or says how long
-- to wait. The same rules as the in-process pacer (src/rate_limit/pacer.rs), on Redis's clock:
-- a request enters the log when admitted and leaves it a window after its answer; it is
-- admitted while the log has room for its cost (writes cost two), or when the log is empty.
--
-- KEYS: 1 log (sorted set: "<cost>:<id>" scored by expiry, ms), 2 in flight (hash: member ->
--       admission time, ms), 3 pause (string with a TTL: a 429's announced wait), 4 limit
-- ARGV: 1 member, 2 cost, 3 window (ms), 4 hold (ms an unanswered entry counts at most),
--       5 "1" to admit whatever the budget says (the caller's wait cap is spent)
-- Returns {1, 0, 0} when admitted, {0, wait_ms, paused} otherwise.
local log, inflight, pause, limit_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local member = ARGV[1]
local cost = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local hold = tonumber(ARGV[4])
local forced = ARGV[5] == '1'

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function cost_of(entry)
  return tonumber(string.match(entry, '^(%d+):')) or 1
end

if not forced then
  local paused = redis.call('PTTL', pause)
  if paused > 0 then
    return {0, paused, 1}
  end
end

for _, entry in ipairs(redis.call('ZRANGEBYSCORE', log, '-inf', now)) do
  redis.call('HDEL', inflight, entry)
end
redis.call('ZREMRANGEBYSCORE', log, '-inf', now)

local limit = tonumber(redis.call('GET', limit_key))
if limit and not forced then
  local entries = redis.call('ZRANGE', log, 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do
    used = used + cost_of(entries[i])
  end
  if used > 0 and used + cost > limit then
    -- The earliest moment enough units expire; unanswered entries count until their hold
    -- ends, and an answer wakes the waiters sooner.
    local need = used + cost - limit
    local freed = 0
    for i = 1, #entries, 2 do
      freed = freed + cost_of(entries[i])
      if freed >= need then
        return {0, math.max(tonumber(entries[i + 1]) - now, 1), 0}
      end
    end
    return {0, window, 0}
  end
end

-- Logged even while the budget is unknown: once an answer tells it, what went out counts.
redis.call('ZADD', log, now + hold, member)
redis.call('HSET', inflight, member, now)
redis.call('PEXPIRE', log, hold + window)
redis.call('PEXPIRE', inflight, hold + window)
return {1, 0, 0}
