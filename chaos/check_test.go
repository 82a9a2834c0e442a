//go:build chaos

package chaos

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// tally is the run's books: where every file ended and whether File B and the limit agree.
type tally struct {
	files, created, rejected, compensated int
	lost, multi                           []string // no final outcome; more than one
	invalidCreated, validRejected         []string
	missingB, strayB, badB                []string // File B absent, without a created file, or not matching File A
	dupB                                  int      // documents beyond one per sender + reference
	lateUndo                              []string // compensations that came after File A was final
	createdCents, usageCents              int64
	unreserved, strayReserved             []string // created without a reservation; reserved but not created
	deadLetters                           int
	deadLetterTopics                      map[string]int // "deadletter.<app> from <original topic>": count
	deadLetterWhy                         map[string]int // the keeper's records by kind, stage and reason
}

// finalCount counts File As in a final area, for progress lines.
func finalCount(p *testpipe.Pipeline) int {
	n := 0
	for _, area := range []string{"archive", "rejected", "quarantine"} {
		m, _ := filepath.Glob(filepath.Join(p.Data, area, "*", "chaos-*.csv"))
		n += len(m)
	}
	return n
}

// settled: every file final, none left in the inbox, and nothing pending in any consumer
// group (a message held by a killed sidecar comes back after processingTimeout; only
// once it has been handled again can a late duplicate be ruled out).
func settled(p *testpipe.Pipeline, files []sent) (bool, string) {
	for _, f := range files {
		if len(p.Outcomes(f.name)) == 0 {
			return false, f.name + " not final"
		}
	}
	if left, _ := filepath.Glob(filepath.Join(p.Data, "inbox", "chaos-*.csv")); len(left) > 0 {
		return false, fmt.Sprintf("%d files in the inbox", len(left))
	}
	if n := pending(p); n > 0 {
		return false, fmt.Sprintf("%d messages pending in consumer groups", n)
	}
	return true, ""
}

func pending(p *testpipe.Pipeline) int64 {
	var n int64
	for _, e := range events.Catalog {
		groups, _ := p.Do("XINFO", "GROUPS", e.Topic) // no stream yet: an error, nothing pending
		list, _ := groups.([]any)
		for _, g := range list {
			kv, _ := g.([]any)
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == "pending" {
					c, _ := kv[i+1].(int64)
					n += c
				}
			}
		}
	}
	return n
}

// check fills the books from the data folder and Redis.
func check(p *testpipe.Pipeline, files []sent, days []string) tally {
	return books(p, files, days, p.Outcomes)
}

// books fills the books, with outcomes saying where each File A ended.
func books(p *testpipe.Pipeline, files []sent, days []string, outcomes func(name string) []testpipe.Outcome) tally {
	t := tally{files: len(files), deadLetterTopics: map[string]int{}}
	created := map[string]sent{}    // by File B name
	createdIDs := map[string]sent{} // by file id
	for _, f := range files {
		o := outcomes(f.name)
		switch {
		case len(o) == 0:
			t.lost = append(t.lost, f.name)
			continue
		case len(o) > 1:
			t.multi = append(t.multi, fmt.Sprintf("%s %v", f.name, o))
		}
		switch o[0].Kind {
		case "created":
			t.created++
			created[pain001.FileName("ACME-CORP", f.ref)] = f
			createdIDs[o[0].FileID] = f
			t.createdCents += f.cents
			if !f.valid {
				t.invalidCreated = append(t.invalidCreated, f.name)
			}
		case "rejected":
			t.rejected++
			if f.valid {
				t.validRejected = append(t.validRejected, fmt.Sprintf("%s %s %s", f.name, o[0].FileID, codes(o[0].Dir)))
			}
		case "compensated":
			t.compensated++
		}
	}
	t.checkOutbox(p, created)
	t.lateUndo = lateUndos(p)
	var reserved map[string]string
	t.deadLetterWhy = deadLetterReasons(p)
	t.usageCents, reserved = usage(p, days)
	t.unreserved, t.strayReserved = compareReservations(createdIDs, reserved)
	for _, e := range events.Catalog {
		if strings.HasPrefix(e.Topic, "deadletter.") {
			for _, ev := range p.Stream(e.Topic) {
				t.deadLetters++
				t.deadLetterTopics[e.Topic+" from "+ev.Topic]++
			}
		}
	}
	return t
}

// lateUndos lists quarantine folders with reason.json but no File A: intake found File A
// gone from the inbox because the file had already ended (created or rejected) and then
// ran its compensation anyway, undoing what the file did (File B, limit usage).
func lateUndos(p *testpipe.Pipeline) []string {
	var out []string
	reasons, _ := filepath.Glob(filepath.Join(p.Data, "quarantine", "*", "reason.json"))
	for _, r := range reasons {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(r), "*.csv")); len(m) > 0 {
			continue
		}
		var why struct {
			FileID string `json:"file_id"`
			Blob   string `json:"blob"`
			Stage  string `json:"stage"`
			Reason string `json:"reason"`
		}
		b, _ := os.ReadFile(r)
		json.Unmarshal(b, &why)
		out = append(out, fmt.Sprintf("%s %s (stage %s): %s", why.FileID, why.Blob, why.Stage, why.Reason))
	}
	return out
}

// usage sums ACME-CORP's reserved usage over the UTC days of the run, where the
// validator keeps it (its appstate key prefix, the UTC day of receipt), and returns the
// per-file reservations beside it (file id -> amount): the reservation records that say
// reserved, plus the files a usage record holds between two steps (Reserving counted,
// Releasing already taken back).
func usage(p *testpipe.Pipeline, days []string) (int64, map[string]string) {
	var cents int64
	reserved := map[string]string{}
	ours := map[string]bool{}
	var releasing []string
	for _, day := range days {
		ours["usage|ACME-CORP|"+day] = true
		v, _ := p.Do("HGET", "validator||usage|ACME-CORP|"+day, "data")
		s, _ := v.(string)
		var u struct {
			Used                 string
			Reserving, Releasing map[string]string
		}
		if s != "" && json.Unmarshal([]byte(s), &u) == nil {
			cents += toCents(u.Used)
			for id, a := range u.Reserving {
				reserved[id] = a
			}
			for id := range u.Releasing {
				releasing = append(releasing, id)
			}
		}
	}
	v, err := p.Do("EVAL", reservationRecords, "0")
	l, _ := v.([]any)
	if err != nil {
		p.T.Logf("reading reservation records: %v", err)
	}
	for i := 0; i+1 < len(l); i += 2 {
		k, _ := l[i].(string)
		data, _ := l[i+1].(string)
		var r struct{ Usage, Amount, State string }
		if json.Unmarshal([]byte(data), &r) == nil && r.State == "reserved" && ours[r.Usage] {
			reserved[strings.TrimPrefix(k, "validator||reservation|")] = r.Amount
		}
	}
	for _, id := range releasing {
		delete(reserved, id)
	}
	return cents, reserved
}

// reservationRecords returns every validator reservation record's key and data, in
// Redis itself (one script), as a burst leaves too many keys for one command each.
const reservationRecords = `
local out, cursor = {}, "0"
repeat
  local r = redis.call("SCAN", cursor, "MATCH", "validator||reservation|*", "COUNT", 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    local d = redis.call("HGET", k, "data")
    if d then table.insert(out, k); table.insert(out, d) end
  end
until cursor == "0"
return out`

// compareReservations names the created files the usage record holds no reservation for,
// and the reservations of files that were not created: when usage and the created sum
// disagree, these say which files and which side.
func compareReservations(created map[string]sent, reserved map[string]string) (unreserved, stray []string) {
	for id, f := range created {
		if _, ok := reserved[id]; !ok {
			unreserved = append(unreserved, f.name+" "+id+" "+amount(f.cents))
		}
	}
	for id, a := range reserved {
		if _, ok := created[id]; !ok {
			stray = append(stray, id+" "+a)
		}
	}
	return unreserved, stray
}

// toCents reads a plain decimal with up to two fraction digits, never as a float.
func toCents(s string) int64 {
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		return -toCents(rest)
	}
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f
}

// runDays lists the UTC days from begin to now (a run may cross midnight UTC).
func runDays(begin time.Time) []string {
	var days []string
	for d := begin.UTC(); ; d = d.Add(24 * time.Hour) {
		days = append(days, d.Format(time.DateOnly))
		if d.Format(time.DateOnly) == time.Now().UTC().Format(time.DateOnly) || len(days) > 2 {
			return days
		}
	}
}

func codes(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "report.csv"))
	return strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", " | ")
}

// deadLetterReasons counts the keeper's records by kind, stage, status and reason (cut short),
// so a run says why anything was dead-lettered, not only how much.
func deadLetterReasons(p *testpipe.Pipeline) map[string]int {
	out := map[string]int{}
	v, _ := p.Do("HGET", "deadletters||"+deadletter.IndexKey, "data")
	s, _ := v.(string)
	var ids []string
	if s == "" || json.Unmarshal([]byte(s), &ids) != nil {
		return out
	}
	for _, id := range ids {
		v, _ := p.Do("HGET", "deadletters||"+deadletter.Key(id), "data")
		s, _ := v.(string)
		var rec deadletter.Record
		if s == "" || json.Unmarshal([]byte(s), &rec) != nil {
			out["unreadable record"]++
			continue
		}
		reason := rec.Reason
		if len(reason) > 300 {
			reason = reason[:300] + "…"
		}
		out[rec.Kind+" at "+rec.Stage+", "+rec.Status+": "+reason]++
	}
	return out
}
