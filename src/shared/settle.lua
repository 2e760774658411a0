-- A request whose caller gave up (a cancelled call): it may have reached the server, so it
-- counts a window from now, as an answered one does.
-- KEYS: 1 log, 2 in flight. ARGV: 1 member, 2 window (ms).
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
end
return 1
