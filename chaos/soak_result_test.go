//go:build chaos

package chaos

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// memGrowthLimit: at the end a process may hold at most this much more memory than
// after warm-up.
const memGrowthLimit = 1.10

// result is what the soak's recorder saw, reduced to the figures it reports and checks.
type result struct {
	Kind      string         `json:"kind"` // soak or burst
	Rate      float64        `json:"files_per_s,omitempty"`
	MaxLen    int            `json:"max_len_approx"`
	Took      float64        `json:"took_s"`
	WarmAt    float64        `json:"warm_at_s"`
	Faults    []string       `json:"faults,omitempty"`
	Procs     []procResult   `json:"processes"`
	RedisWarm int64          `json:"redis_used_memory_warm"`
	RedisEnd  int64          `json:"redis_used_memory_end"`
	Streams   []streamRes    `json:"streams"`
	Unsafe    []string       `json:"unsafe_trims"`
	Keys      []keyRes       `json:"keys"`
	Series    timeSeries     `json:"series"`
	Extra     map[string]any `json:"extra,omitempty"`
}

type procResult struct {
	Name     string  `json:"name"` // name#set
	Kind     string  `json:"kind"`
	Warm     int64   `json:"rss_warm"`
	End      int64   `json:"rss_end"`
	Peak     int64   `json:"rss_peak"`
	Ratio    float64 `json:"end_over_warm"`
	Restarts int     `json:"restarts"`
}

type streamRes struct {
	Topic     string `json:"topic"`
	Added     int64  `json:"entries_added"`
	MaxLen    int64  `json:"longest"`
	End       int64  `json:"length_end"`
	MaxNeeded int64  `json:"most_needed_by_one_group"`
	NeededBy  string `json:"needed_by"`
}

type keyRes struct {
	Prefix              string `json:"prefix"`
	Warm, End           int64
	NoTTLWarm, NoTTLEnd int64
	MaxTTLHours         float64 `json:"max_ttl_h"`
}

// timeSeries is every sample, for the chart and the JSON.
type timeSeries struct {
	At      []float64          `json:"at_s"`
	RSS     map[string][]int64 `json:"rss"`
	Streams map[string][]int64 `json:"stream_lengths"`
	Keys    []int64            `json:"keys"`
	Redis   []int64            `json:"redis_used_memory"`
}

func (r *recorder) result(c soak, inj []injected, took time.Duration) result {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := result{Kind: "soak", Rate: c.rate, MaxLen: c.maxLen, Took: took.Seconds(), WarmAt: r.warmAt.Seconds(),
		Unsafe: r.unsafe}
	for _, in := range inj {
		res.Faults = append(res.Faults, fmt.Sprintf("+%.0fs %s %s", in.at.Seconds(), in.what, errOrEmpty(in.err)))
	}
	for _, key := range r.order {
		res.Procs = append(res.Procs, r.procs[key].result(key, r.warmAt))
	}
	res.RedisWarm, res.RedisEnd = around(r.redis, r.warmAt), last(r.redis)
	res.Streams = r.streamResults()
	res.Keys = keyResults(r.atWarm, keyStats(r.p))
	res.Series = r.series()
	return res
}

func (s *procSeries) result(key string, warmAt time.Duration) procResult {
	pr := procResult{Name: key, Kind: s.kind, Warm: around(s.points, warmAt), End: last(s.points),
		Peak: s.peak, Restarts: len(s.pids) - 1}
	for _, p := range s.points {
		pr.Peak = max(pr.Peak, p.v)
	}
	if pr.Warm > 0 {
		pr.Ratio = float64(pr.End) / float64(pr.Warm)
	}
	return pr
}

// around is the median of the three samples up to at: one sample may catch a process
// just before its garbage collector runs.
func around(ps []point, at time.Duration) int64 {
	var vs []int64
	for _, p := range ps {
		if p.at <= at {
			vs = append(vs, p.v)
		}
	}
	return median(vs[max(0, len(vs)-3):])
}

// last is the median of the last three samples.
func last(ps []point) int64 {
	var vs []int64
	for _, p := range ps[max(0, len(ps)-3):] {
		vs = append(vs, p.v)
	}
	return median(vs)
}

func median(vs []int64) int64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2]
}

func (r *recorder) streamResults() []streamRes {
	var out []streamRes
	for topic, ss := range r.streams {
		out = append(out, streamRes{Topic: topic, Added: ss.added, MaxLen: ss.maxLen, End: last(ss.lengths),
			MaxNeeded: ss.maxNeeded, NeededBy: ss.maxNeededFor})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Topic < out[j].Topic })
	return out
}

func keyResults(warm, end map[string]keyStat) []keyRes {
	var out []keyRes
	for k, e := range end {
		w := warm[k]
		out = append(out, keyRes{Prefix: k, Warm: w.count, End: e.count, NoTTLWarm: w.noTTL, NoTTLEnd: e.noTTL,
			MaxTTLHours: float64(e.maxTTLms) / 3.6e6})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Prefix < out[j].Prefix })
	return out
}

// keptForEver are the key kinds kept without an expiry by rule, not by a leak, and the
// rule: they grow with the files on purpose.
var keptForEver = map[string]string{
	"validator||fileref": "file_reference is unique per sender for ever (payment-file-v1)",
}

// growing: prefixes whose keys without an expiry grew from warm-up to the end; those
// grow with every file and nothing ever removes them. ruled says whether to list the
// kinds kept for ever by rule (keptForEver) or the others, the leaks.
func (res result) growing(ruled bool) []keyRes {
	var out []keyRes
	for _, k := range res.Keys {
		_, rule := keptForEver[k.Prefix]
		if k.NoTTLEnd > k.NoTTLWarm && rule == ruled {
			out = append(out, k)
		}
	}
	return out
}

func (r *recorder) series() timeSeries {
	ts := timeSeries{RSS: map[string][]int64{}, Streams: map[string][]int64{}}
	for _, p := range r.keys {
		ts.At = append(ts.At, p.at.Seconds())
		ts.Keys = append(ts.Keys, p.v)
	}
	for _, p := range r.redis {
		ts.Redis = append(ts.Redis, p.v)
	}
	for key, s := range r.procs {
		ts.RSS[key] = alignTo(r.keys, s.points)
	}
	for topic, ss := range r.streams {
		ts.Streams[topic] = alignTo(r.keys, ss.lengths)
	}
	return ts
}

// alignTo gives ps's value at each sample time of ref (0 where ps has none: the process
// was being restarted, or the stream did not exist yet).
func alignTo(ref, ps []point) []int64 {
	out := make([]int64, len(ref))
	j := 0
	for i, r := range ref {
		for j < len(ps) && ps[j].at <= r.at {
			out[i] = ps[j].v
			j++
		}
	}
	return out
}

func (res result) print(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: memory (RSS MiB) after warm-up at %.0fs / at the end / peak, end/warm:\n", res.Kind, res.WarmAt)
	for _, p := range res.Procs {
		flag := ""
		if p.Ratio > memGrowthLimit {
			flag = " GREW"
		}
		if p.Restarts > 0 {
			flag += fmt.Sprintf(" (restarted %dx)", p.Restarts)
		}
		fmt.Fprintf(&b, "  %-22s %7s %7s %7s  %.2f%s\n", p.Name, mib(p.Warm), mib(p.End), mib(p.Peak), p.Ratio, flag)
	}
	fmt.Fprintf(&b, "%s: redis used_memory %s MiB after warm-up, %s MiB at the end\n", res.Kind, mib(res.RedisWarm), mib(res.RedisEnd))
	fmt.Fprintf(&b, "%s: streams (maxLenApprox %d): topic added longest end most-needed-by-one-group\n", res.Kind, res.MaxLen)
	for _, s := range res.Streams {
		fmt.Fprintf(&b, "  %-22s %6d %6d %6d %6d %s\n", s.Topic, s.Added, s.MaxLen, s.End, s.MaxNeeded, s.NeededBy)
	}
	fmt.Fprintf(&b, "%s: trims that took a needed entry: %d\n", res.Kind, len(res.Unsafe))
	fmt.Fprintf(&b, "%s: state keys by prefix: warm-up -> end (without TTL: warm-up -> end), longest TTL left\n", res.Kind)
	for _, k := range res.Keys {
		fmt.Fprintf(&b, "  %-28s %6d -> %6d (%d -> %d) %.0fh\n", k.Prefix, k.Warm, k.End, k.NoTTLWarm, k.NoTTLEnd, k.MaxTTLHours)
	}
	for _, k := range res.growing(true) {
		fmt.Fprintf(&b, "%s: kept for ever by rule: %s keys have no TTL and grew by %d (%s)\n",
			res.Kind, k.Prefix, k.NoTTLEnd-k.NoTTLWarm, keptForEver[k.Prefix])
	}
	for _, k := range res.growing(false) {
		fmt.Fprintf(&b, "%s: FINDING: %s keys have no TTL and grew by %d (one per file, never removed)\n",
			res.Kind, k.Prefix, k.NoTTLEnd-k.NoTTLWarm)
	}
	t.Log("\n" + b.String())
	fmt.Println(b.String())
}

// assert fails the soak on memory growth of any process (one restarted is compared with
// its predecessor after warm-up: a fresh process that outgrows it leaks too), a stream above
// its bound, or a trim that took a needed entry. Keys without TTL are reported as
// findings (the apps own them), not failed on here.
func (res result) assert(t *testing.T) {
	for _, p := range res.Procs {
		if p.Ratio > memGrowthLimit {
			t.Errorf("%s: %s MiB at the end, %s MiB after warm-up (x%.2f > x%.2f)", p.Name, mib(p.End), mib(p.Warm), p.Ratio, memGrowthLimit)
		}
	}
	// XADD MAXLEN ~ trims whole radix-tree nodes (stream-node-max-entries, 100 by
	// default): a stream may be up to one node longer than the bound.
	for _, s := range res.Streams {
		if s.MaxLen > int64(res.MaxLen)+100 {
			t.Errorf("stream %s reached %d entries, bound ~%d", s.Topic, s.MaxLen, res.MaxLen)
		}
	}
	for _, u := range res.Unsafe {
		t.Errorf("trimmed while needed: %s", u)
	}
}
