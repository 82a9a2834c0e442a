//go:build chaos

package chaos

import (
	"github.com/paychoreo/choreography/internal/testpipe"
)

// keyStat is the state keys of one prefix (app||kind, e.g. "intake||final") at a moment.
type keyStat struct {
	count, noTTL int64
	maxTTLms     int64 // the longest time to live left
}

// countKeys groups every key but the streams by prefix (the app id, "||" and the key's
// first segment up to "|", without a trailing "-<hex>" such as the notifier's
// handled-<hash>) with how many have no expiry; in Redis itself (one script), as a
// burst leaves too many keys for one command each.
const countKeys = `
local stats, order, cursor = {}, {}, "0"
repeat
  local r = redis.call("SCAN", cursor, "COUNT", 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    if redis.call("TYPE", k)["ok"] ~= "stream" then
      local app, rest = string.match(k, "^(.-)||(.*)$")
      local prefix = k
      if app then
        local kind = string.match(rest, "^([^|]*)") or ""
        prefix = app .. "||" .. string.gsub(kind, "%-%x%x%x%x%x%x%x%x+$", "")
      end
      local s = stats[prefix]
      if not s then s = {0, 0, 0}; stats[prefix] = s; table.insert(order, prefix) end
      s[1] = s[1] + 1
      local ttl = redis.call("PTTL", k)
      if ttl < 0 then s[2] = s[2] + 1 elseif ttl > s[3] then s[3] = ttl end
    end
  end
until cursor == "0"
local out = {}
for _, p in ipairs(order) do
  local s = stats[p]
  table.insert(out, p); table.insert(out, s[1]); table.insert(out, s[2]); table.insert(out, s[3])
end
return out`

// keyStats counts the pipeline database's keys by prefix.
func keyStats(p *testpipe.Pipeline) map[string]keyStat {
	v, err := p.Do("EVAL", countKeys, "0")
	out := map[string]keyStat{}
	l, _ := v.([]any)
	if err != nil {
		p.T.Logf("counting keys: %v", err)
		return out
	}
	for i := 0; i+3 < len(l); i += 4 {
		k, _ := l[i].(string)
		out[k] = keyStat{count: num(l[i+1]), noTTL: num(l[i+2]), maxTTLms: num(l[i+3])}
	}
	return out
}
