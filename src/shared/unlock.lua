-- Releases the token refresh lock only if it is still the caller's: once it has expired and
-- a peer has taken it, the peer's lock stays.
-- KEYS: 1 lock. ARGV: 1 the holder's id.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
