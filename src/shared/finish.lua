-- Records the answer to a request admitted by admit.lua and lets the response's
-- X-RateLimit-* figures correct the shared log, as the in-process pacer does:
-- - the limit figure sets the budget;
-- - a 429 costs nothing, and pauses every process until its announced wait ends; what was
--   answered before counts no longer than that, since the server's window ends then;
-- - a remaining count lower than the log's (others spend the budget too) adds the
--   difference; a higher one (the server's window moved on) releases the oldest entries
--   answered before this request was sent.
--
-- KEYS: 1 log, 2 in flight, 3 pause, 4 limit (as in admit.lua)
-- ARGV: 1 member, 2 status ("429", "ok", or "none" without an answer), 3 window (ms),
--       4 limit figure or "", 5 remaining figure or "", 6 retry-after (ms) or "",
--       7 a unique id for an entry of units spent by others, 8 hold (ms)
local log, inflight, pause, limit_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local member = ARGV[1]
local status = ARGV[2]
local window = tonumber(ARGV[3])
local hold = tonumber(ARGV[8])

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function cost_of(entry)
  return tonumber(string.match(entry, '^(%d+):')) or 1
end

local sent = tonumber(redis.call('HGET', inflight, member))
redis.call('HDEL', inflight, member)
local logged = redis.call('ZSCORE', log, member) ~= false
if logged then
  if status == '429' then
    redis.call('ZREM', log, member)
    logged = false
  else
    redis.call('ZADD', log, 'XX', now + window, member)
  end
end

local announced = tonumber(ARGV[4])
if announced and announced > 0 then
  redis.call('SET', limit_key, announced, 'PX', 86400000)
end
local limit = tonumber(redis.call('GET', limit_key))

if status == '429' then
  local wait = tonumber(ARGV[6])
  if wait and wait > 0 then
    local until_at = now + wait
    if redis.call('PTTL', pause) < wait then
      redis.call('SET', pause, until_at, 'PX', wait)
    end
    for _, entry in ipairs(redis.call('ZRANGEBYSCORE', log, '(' .. until_at, '+inf')) do
      if redis.call('HEXISTS', inflight, entry) == 0 then
        redis.call('ZADD', log, 'XX', until_at, entry)
      end
    end
  end
elseif limit and logged and sent and ARGV[5] ~= '' then
  local server_used = math.max(limit - tonumber(ARGV[5]), 0)
  -- Units the server must have counted, had its window not moved: this request and those
  -- answered before it was sent (an answered entry's score is its answer plus a window).
  local earlier = 0
  local before = {}
  local entries = redis.call('ZRANGE', log, 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    local entry = entries[i]
    if entry == member then
      earlier = earlier + cost_of(entry)
    elseif redis.call('HEXISTS', inflight, entry) == 0
        and tonumber(entries[i + 1]) - window <= sent then
      earlier = earlier + cost_of(entry)
      table.insert(before, entry)
    end
  end
  if server_used < earlier then
    local release = earlier - server_used
    for _, entry in ipairs(before) do
      if release <= 0 then
        break
      end
      redis.call('ZREM', log, entry)
      redis.call('HDEL', inflight, entry)
      release = release - cost_of(entry)
    end
  end
  local ours = 0
  for _, entry in ipairs(redis.call('ZRANGE', log, 0, -1)) do
    ours = ours + cost_of(entry)
  end
  if server_used > ours then
    redis.call('ZADD', log, now + window, (server_used - ours) .. ':ext:' .. ARGV[7])
  end
end

redis.call('PEXPIRE', log, hold + window)
redis.call('PEXPIRE', inflight, hold + window)
return 1
