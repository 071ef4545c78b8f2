//! The Lua scripts of a Redis job. Each runs atomically in Redis and reads
//! the time with Redis's `TIME`, so that no worker's clock matters.
//!
//! A chunk's state is a string of one byte per chat: `.` not started, `i`
//! in flight (its intent is recorded: only the worker that wrote it may
//! send), `o` ok, `f` failed, `u` unknown (it may have been sent, and the
//! action is not idempotent: never resent unless asked). The keys, under
//! the job's prefix `P` (`postpress:job:{J}:`):
//!
//! * `P:todo`: a list of the chunks nobody holds that still have chats to
//!   start;
//! * `P:held`: a sorted set, chunk → its lease's end (ms, Redis's clock);
//! * `P:owner`: a hash, chunk → the token of the worker holding it;
//! * `P:st:N`, `P:ids:N`: chunk N's states and its ids (one per line);
//! * `P:fly:N`: a hash, offset → the token of the worker whose intent it
//!   is (only while in flight);
//! * `P:counts`: a hash, state byte → how many chats are in it.

/// The functions the scripts share (prepended to each).
const COMMON: &str = r"
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function move(counts, from, to)
  if from ~= to then
    redis.call('HINCRBY', counts, from, -1)
    redis.call('HINCRBY', counts, to, 1)
  end
end
-- Every chat of the chunk in flight (an intent with no outcome) is
-- settled: not started again when the action is idempotent ('.'),
-- unknown when it is not ('u'). Returns how many were settled.
local function settle(p, chunk, idem, counts)
  local st = p .. 'st:' .. chunk
  local s = redis.call('GET', st)
  if not s then return 0 end
  local to = 'u'
  if idem == '1' then to = '.' end
  local n = 0
  local pos = string.find(s, 'i', 1, true)
  while pos do
    redis.call('SETRANGE', st, pos - 1, to)
    move(counts, 'i', to)
    n = n + 1
    pos = string.find(s, 'i', pos + 1, true)
  end
  redis.call('DEL', p .. 'fly:' .. chunk)
  return n
end
-- Records the outcome triples (chunk, offset, state byte) of ARGV from
-- index i on, whoever holds the chunk now: an outcome reported late is
-- kept, and 'o' is never overwritten.
local function record_outcomes(p, token, counts, i)
  while ARGV[i + 2] do
    local chunk, off, to = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
    local st = p .. 'st:' .. chunk
    local cur = redis.call('GETRANGE', st, off, off)
    if cur ~= '' and cur ~= 'o' and cur ~= to then
      redis.call('SETRANGE', st, off, to)
      move(counts, cur, to)
    end
    local fly = p .. 'fly:' .. chunk
    if redis.call('HGET', fly, off) == token then redis.call('HDEL', fly, off) end
    i = i + 3
  end
end
";

/// CLAIM: KEYS todo, held, owner, counts; ARGV token, lease (ms),
/// idempotent (`1`/`0`), prefix. Takes a chunk whose lease ran out (its
/// chats in flight settled), else the next chunk to do, and leases it to
/// `token`. Returns `{chunk, taken_over, settled}`, or `{-1, held}` when
/// there is none (`held`: how many chunks workers still hold). The reply
/// also carries the chunk's states and ids (`{…, states, ids}`), so a
/// claim is one round trip.
pub(crate) const CLAIM: &str = r"
local token, lease, idem, p = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local now = now_ms()
local chunk, taken = nil, 0
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1)
if #expired > 0 then
  chunk = expired[1]
  taken = 1
else
  chunk = redis.call('LPOP', KEYS[1])
end
if not chunk then
  return {-1, redis.call('ZCARD', KEYS[2])}
end
redis.call('ZADD', KEYS[2], now + lease, chunk)
redis.call('HSET', KEYS[3], chunk, token)
local settled = 0
if taken == 1 then settled = settle(p, chunk, idem, KEYS[4]) end
local st = redis.call('GET', p .. 'st:' .. chunk) or ''
local ids = redis.call('GET', p .. 'ids:' .. chunk) or ''
return {tonumber(chunk), taken, settled, st, ids}
";

/// RECORD: KEYS held, owner, counts; ARGV token, prefix, the intent's
/// chunk and offset (`-1` for none), then outcome triples (chunk, offset,
/// state byte). Outcomes are recorded first, whoever holds the chunk now
/// (an outcome reported late is not lost; `o` is never overwritten). The
/// intent is the compare-and-set: it is won only by the chunk's current
/// holder, on a lease that has not run out, for a chat not started (or
/// already this worker's, when a lost reply is retried). Returns 1 when
/// the intent is won (or there was none), 0 when the lease is lost, 2
/// when the chat was begun or done elsewhere.
pub(crate) const RECORD: &str = r"
local token, p = ARGV[1], ARGV[2]
record_outcomes(p, token, KEYS[3], 5)
local chunk, off = ARGV[3], tonumber(ARGV[4])
if off < 0 then return 1 end
if redis.call('HGET', KEYS[2], chunk) ~= token then return 0 end
local deadline = tonumber(redis.call('ZSCORE', KEYS[1], chunk) or 0)
if deadline < now_ms() then return 0 end
local st = p .. 'st:' .. chunk
local fly = p .. 'fly:' .. chunk
local cur = redis.call('GETRANGE', st, off, off)
if cur == '.' then
  redis.call('SETRANGE', st, off, 'i')
  redis.call('HSET', fly, off, token)
  move(KEYS[3], '.', 'i')
  return 1
end
if cur == 'i' and redis.call('HGET', fly, off) == token then return 1 end
return 2
";

/// RENEW: KEYS held, owner, beat; ARGV token, lease (ms), then chunks.
/// Extends the lease of each chunk still held by `token` and records the
/// worker's heartbeat. Returns the chunks it no longer holds.
pub(crate) const RENEW: &str = r"
local token, lease = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
redis.call('ZADD', KEYS[3], now, token)
local lost = {}
for i = 3, #ARGV do
  local chunk = ARGV[i]
  if redis.call('HGET', KEYS[2], chunk) == token and redis.call('ZSCORE', KEYS[1], chunk) then
    redis.call('ZADD', KEYS[1], now + lease, chunk)
  else
    table.insert(lost, tonumber(chunk))
  end
end
return lost
";

/// RELEASE: KEYS todo, held, owner, counts; ARGV token, chunk, idempotent,
/// prefix, then outcome triples as RECORD's. Records the outcomes, then
/// hands the chunk back: its chats still in flight are settled, and it
/// goes back to the front of `todo` when chats are left to start. Returns
/// 1 when it was held by `token`.
pub(crate) const RELEASE: &str = r"
local token, chunk, idem, p = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
record_outcomes(p, token, KEYS[4], 5)
if redis.call('HGET', KEYS[3], chunk) ~= token then return 0 end
redis.call('ZREM', KEYS[2], chunk)
redis.call('HDEL', KEYS[3], chunk)
settle(p, chunk, idem, KEYS[4])
local s = redis.call('GET', p .. 'st:' .. chunk)
if s and string.find(s, '.', 1, true) then
  redis.call('LPUSH', KEYS[1], chunk)
end
return 1
";

/// REQUEUE: KEYS todo, held, counts; ARGV prefix, the state byte to put
/// back (`u` or `f`), then chunks. Each chat of those chunks in that state
/// is not started again; a chunk nobody holds goes back into `todo`.
/// Returns how many chats were put back.
pub(crate) const REQUEUE: &str = r"
local p, from = ARGV[1], ARGV[2]
local total = 0
for i = 3, #ARGV do
  local chunk = ARGV[i]
  local st = p .. 'st:' .. chunk
  local s = redis.call('GET', st)
  local n = 0
  if s then
    local pos = string.find(s, from, 1, true)
    while pos do
      redis.call('SETRANGE', st, pos - 1, '.')
      move(KEYS[3], from, '.')
      n = n + 1
      pos = string.find(s, from, pos + 1, true)
    end
  end
  if n > 0 and not redis.call('ZSCORE', KEYS[2], chunk) then
    redis.call('LREM', KEYS[1], 0, chunk)
    redis.call('RPUSH', KEYS[1], chunk)
  end
  total = total + n
end
return total
";

/// A script with the shared functions in front.
pub(crate) fn script(body: &str) -> redis::Script {
    redis::Script::new(&format!("{COMMON}{body}"))
}
