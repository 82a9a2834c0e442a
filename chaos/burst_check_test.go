//go:build chaos

package chaos

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// indexedCheck fills the same books as check, reading each final area once instead of
// three globs per file (which, over 10,000 files in 10,000 folders, takes hours).
func indexedCheck(p *testpipe.Pipeline, files []sent, days []string) tally {
	final := outcomeIndex(p)
	return books(p, files, days, func(name string) []testpipe.Outcome { return final[name] })
}

// outcomeIndex maps every File A name in a final area (area/<file id>/<name>) to where
// it ended, oldest areas first as Pipeline.Outcomes lists them.
func outcomeIndex(p *testpipe.Pipeline) map[string][]testpipe.Outcome {
	out := map[string][]testpipe.Outcome{}
	for _, a := range []struct{ area, kind string }{{"archive", "created"}, {"rejected", "rejected"}, {"quarantine", "compensated"}} {
		dirs, _ := os.ReadDir(filepath.Join(p.Data, a.area))
		for _, d := range dirs {
			dir := filepath.Join(p.Data, a.area, d.Name())
			inner, _ := os.ReadDir(dir)
			for _, f := range inner {
				if strings.HasPrefix(f.Name(), "chaos-") && strings.HasSuffix(f.Name(), ".csv") {
					out[f.Name()] = append(out[f.Name()], testpipe.Outcome{Kind: a.kind, FileID: d.Name(), Dir: dir, Area: a.area})
				}
			}
		}
	}
	return out
}

// settledIndexed is settled over an outcome index: every file final, none left in the
// inbox, nothing pending in any consumer group.
func settledIndexed(p *testpipe.Pipeline, files []sent) (bool, string) {
	final := outcomeIndex(p)
	missing := 0
	for _, f := range files {
		if len(final[f.name]) == 0 {
			missing++
		}
	}
	if missing > 0 {
		return false, fmt.Sprintf("%d files not final", missing)
	}
	if left, _ := filepath.Glob(filepath.Join(p.Data, "inbox", "chaos-*.csv")); len(left) > 0 {
		return false, fmt.Sprintf("%d files in the inbox", len(left))
	}
	if n := pending(p); n > 0 {
		return false, fmt.Sprintf("%d messages pending in consumer groups", n)
	}
	return true, ""
}

// waitSettledIndexed polls settledIndexed every 2 s until within has passed, logging
// progress every 30 s.
func waitSettledIndexed(t *testing.T, p *testpipe.Pipeline, files []sent, within time.Duration) (bool, string) {
	deadline := time.Now().Add(within)
	lastLog := time.Now()
	for {
		ok, why := settledIndexed(p, files)
		if ok || time.Now().After(deadline) {
			return ok, why
		}
		if time.Since(lastLog) > 30*time.Second {
			t.Logf("waiting: %s", why)
			lastLog = time.Now()
		}
		time.Sleep(2 * time.Second)
	}
}
