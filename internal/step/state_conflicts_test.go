package step

import (
	"context"
	"errors"
	"strings"
	"testing"

	dapr "github.com/dapr/go-sdk/client"
)

// refusingClient is a sidecar whose store refuses every conditional write, as Redis does
// when an ETag changed or a first write finds the key taken.
type refusingClient struct {
	dapr.Client
	err error
}

func (c refusingClient) SaveState(context.Context, string, string, []byte, map[string]string, ...dapr.StateOption) error {
	return c.err
}

func (c refusingClient) SaveStateWithETag(context.Context, string, string, []byte, string, map[string]string, ...dapr.StateOption) error {
	return c.err
}

func (c refusingClient) DeleteStateWithETag(context.Context, string, string, *dapr.ETag, map[string]string, *dapr.StateOptions) error {
	return c.err
}

var etagMismatch = errors.New("rpc error: code = Aborted desc = possible etag mismatch. error from state store: ERR Error running script")

// TestConflictsAreCounted: every refused conditional write counts in
// choreo_state_conflicts_total under its app and its key's kind, never its key.
func TestConflictsAreCounted(t *testing.T) {
	ctx := context.Background()
	s := &Sidecar{c: refusingClient{err: etagMismatch}, stage: "conflict-test"}
	writes := []struct {
		kind  string
		write func() error
	}{
		{"inbox", func() error { return s.CreateState(ctx, AppState, "inbox|ACME payments 2026-12-04.csv", 1) }},
		{"day", func() error { return s.UpdateState(ctx, AppState, "day|2026-12-04|07", "3", []string{"f-1"}) }},
		{"open", func() error { return s.UpdateStateTTL(ctx, AppState, "open|07", "3", []string{}, Forever) }},
		{"inbox-lease", func() error { return s.DeleteStateIf(ctx, AppState, "inbox-lease", "3") }},
		{"limit", func() error { return s.CreateStateTTL(ctx, AppState, "limit|ACME|2026-12-04", 1, KeepFor) }},
	}
	for _, w := range writes {
		before := conflicts(t, "conflict-test", w.kind)
		if err := w.write(); !errors.Is(err, ErrConflict) {
			t.Fatalf("%s: %v, want ErrConflict", w.kind, err)
		}
		if got := conflicts(t, "conflict-test", w.kind) - before; got != 1 {
			t.Errorf("a conflict on a %s key counted %v times, want once", w.kind, got)
		}
	}
	for _, l := range labelValues(t) {
		if strings.Contains(l, "ACME") || strings.Contains(l, "2026") || strings.Contains(l, "f-1") {
			t.Errorf("a key went into a label: %q", l)
		}
	}

	// A write that failed for another reason is no conflict.
	s.c = refusingClient{err: errors.New("connection refused")}
	before := conflicts(t, "conflict-test", "day")
	if err := s.UpdateState(ctx, AppState, "day|2026-12-04|07", "3", nil); err == nil || errors.Is(err, ErrConflict) {
		t.Fatalf("unavailable store: %v", err)
	}
	if got := conflicts(t, "conflict-test", "day") - before; got != 0 {
		t.Errorf("an unavailable store counted %v conflicts", got)
	}
}

func TestKeyKind(t *testing.T) {
	for key, want := range map[string]string{
		"inbox|ACME payments.csv": "inbox",
		"day|2026-12-04|07":       "day",
		"open|07":                 "open",
		"open":                    "open",
		"final|f-69c66299f42987":  "final",
		"fileb-owner|x.xml":       "fileb-owner",
		"dl-index":                "dl-index",
		"f-69c66299f42987bb70f6":  "other", // a bare id is no kind
		"payments.csv":            "other",
		"|x":                      "other",
		"":                        "other",
		"Inbox|x":                 "other",
	} {
		if got := keyKind(key); got != want {
			t.Errorf("keyKind(%q) = %q, want %q", key, got, want)
		}
	}
}

// conflicts reads choreo_state_conflicts_total{stage,key} from the default registry.
func conflicts(t *testing.T, stage, kind string) float64 {
	t.Helper()
	return gatheredWith(t, "choreo_state_conflicts_total", map[string]string{"stage": stage, "key": kind}).value
}

func labelValues(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, s := range gathered(t, "choreo_state_conflicts_total") {
		for _, v := range s.labels {
			out = append(out, v)
		}
	}
	return out
}
