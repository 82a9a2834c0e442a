package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestPerFileKeysExpire: what the steps keep per file does not stay for ever. Intake's
// claim of a file name is forgotten a day after its File A left the inbox, and the
// pointers compensation follows (validator, creator) after step.KeepFor. A new file
// that takes a name over while the old claim is expiring keeps its claim for as long as
// it is in the inbox: Dapr's Redis store keeps a key's expiry through writes that carry
// no TTL, so the take-over has to remove it.
func TestPerFileKeysExpire(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 450})
	const key = "intake||inbox|again.csv"
	first := p.Await(dropFile(p, "again.csv", "AGAIN-1", "12.00"), time.Minute)
	if first.Kind != "created" {
		t.Fatalf("again.csv: %s", first.Kind)
	}
	// Intake moves File A out of the inbox before it marks the claim released (and sets
	// its expiry): waiting for the inbox alone read the claim in between, TTL -1.
	p.Eventually(30*time.Second, "the first again.csv left the inbox and its claim is released", func() bool {
		return !p.Exists("inbox", "again.csv") && claimOf(t, p, key).ReleasedAt != ""
	})
	if ttl := keyTTL(t, p, key); ttl <= 0 || ttl > 24*3600 {
		t.Errorf("released claim: TTL %d s, want 1 s to 1 day", ttl)
	}
	for _, k := range []string{"validator||file|", "validator||reservation|", "creator||fileb|"} {
		if ttl := keyTTL(t, p, k+first.FileID); ttl <= 0 || ttl > int64(step.KeepFor.Seconds()) {
			t.Errorf("%s%s: TTL %d s, want 1 s to %s", k, first.FileID, ttl, step.KeepFor)
		}
	}
	// The tracker's lists that name the file expire like its timeline.
	p.Eventually(30*time.Second, "the tracker's day list holds the file, with a TTL", func() bool {
		keys, _ := p.Do("KEYS", "tracker||day|*")
		list, _ := keys.([]any)
		for _, k := range list {
			if ttl := keyTTL(t, p, fmt.Sprint(k)); ttl <= 0 || ttl > int64(step.KeepFor.Seconds()) {
				t.Errorf("%s: TTL %d s, want 1 s to %s", k, ttl, step.KeepFor)
			}
		}
		return len(list) > 0
	})

	// The second file under that name cannot be finished (its File B's place is taken),
	// so it stays in the inbox on its claim.
	dropBlocked(p, "again.csv", "AGAIN-2", "13.00")
	p.Eventually(time.Minute, "the second again.csv is claimed and announced", func() bool {
		c := claimOf(t, p, key)
		return c.FileID != "" && c.FileID != first.FileID && c.ReleasedAt == "" &&
			strings.Contains(p.Logs("intake"), `"file_id":"`+c.FileID+`"`) // announced: file received
	})
	if ttl := keyTTL(t, p, key); ttl != -1 {
		t.Errorf("claim taken over by a new file: TTL %d, want -1 (no expiry)", ttl)
	}
}

func keyTTL(t *testing.T, p *testpipe.Pipeline, key string) int64 {
	t.Helper()
	v, err := p.Do("TTL", key)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := v.(int64)
	return n
}

type heldClaim struct {
	FileID     string `json:"file_id"`
	ReleasedAt string `json:"released_at"`
}

func claimOf(t *testing.T, p *testpipe.Pipeline, key string) heldClaim {
	t.Helper()
	v, err := p.Do("HGET", key, "data")
	if err != nil {
		t.Fatal(err)
	}
	var c heldClaim
	if s, _ := v.(string); s != "" {
		json.Unmarshal([]byte(s), &c)
	}
	return c
}
