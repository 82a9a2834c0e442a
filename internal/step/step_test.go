package step

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestStatusMapping(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{nil, "SUCCESS"},
		{errors.New("sidecar unavailable"), "RETRY"},
		{Permanent(errors.New("bad payload")), "DROP"},
		{Permanentf("wrapped: %w", errors.New("x")), "DROP"},
	}
	for _, c := range cases {
		if got := status(c.err); got != c.want {
			t.Errorf("status(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}

func testServer(handler Handler) http.Handler {
	cfg := Config{AppID: "t", AppToken: "secret"}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	subs := []Subscription{{Topic: "file.received", DeadLetterTopic: "deadletter.t", Handler: handler}}
	return routes(cfg, log, newMemLedger(), Wiring{Subscriptions: subs})
}

func TestEveryRouteButHealthNeedsTheToken(t *testing.T) {
	h := testServer(func(context.Context, Message) error { return nil })
	for _, c := range []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/healthz", "", 200},
		{"GET", "/dapr/subscribe", "", 401},
		{"GET", "/dapr/subscribe", "wrong", 401},
		{"GET", "/dapr/subscribe", "secret", 200},
		{"POST", "/events/file.received", "", 401},
		{"POST", "/events/file.received", "secre", 401},
	} {
		r := httptest.NewRequest(c.method, c.path, strings.NewReader(`{}`))
		if c.token != "" {
			r.Header.Set("dapr-api-token", c.token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s %s token %q: %d, want %d", c.method, c.path, c.token, w.Code, c.want)
		}
	}
}

func TestDeliveryAnswersAnExplicitStatus(t *testing.T) {
	for _, c := range []struct {
		name    string
		body    string
		handler Handler
		want    string
	}{
		{"done", `{"id":"f/file.received","data":{"x":1}}`, func(context.Context, Message) error { return nil }, "SUCCESS"},
		{"technical", `{"id":"a","data":{}}`, func(context.Context, Message) error { return errors.New("down") }, "RETRY"},
		{"permanent", `{"id":"b","data":{}}`, func(context.Context, Message) error { return Permanentf("never") }, "DROP"},
		{"panic", `{"id":"c","data":{}}`, func(context.Context, Message) error { panic("bug") }, "DROP"},
		{"not json", `{{{`, func(context.Context, Message) error { return nil }, "DROP"},
	} {
		r := httptest.NewRequest("POST", "/events/file.received", strings.NewReader(c.body))
		r.Header.Set("dapr-api-token", "secret")
		w := httptest.NewRecorder()
		testServer(c.handler).ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"status":"`+c.want+`"`) {
			t.Errorf("%s: %d %s, want 200 with %s", c.name, w.Code, w.Body, c.want)
		}
	}
}

func TestSubscribeListNamesDeadLetterTopics(t *testing.T) {
	r := httptest.NewRequest("GET", "/dapr/subscribe", nil)
	r.Header.Set("dapr-api-token", "secret")
	w := httptest.NewRecorder()
	testServer(nil).ServeHTTP(w, r)
	want := `[{"pubsubname":"pubsub","topic":"file.received","route":"/events/file.received","deadLetterTopic":"deadletter.t"}]`
	if w.Body.String() != want {
		t.Errorf("got %s\nwant %s", w.Body, want)
	}
}

func TestParseListing(t *testing.T) {
	names, abs, err := parseListing([]byte(`["/data/inbox/a.csv","/data/inbox/sub/b.csv"]`))
	if err != nil || !abs || len(names) != 2 {
		t.Errorf("localstorage listing: %v %v %v", names, abs, err)
	}
	names, abs, err = parseListing([]byte(`[{"Name":"a.csv","Properties":{}}]`))
	if err != nil || abs || len(names) != 1 || names[0] != "a.csv" {
		t.Errorf("blob listing: %v %v %v", names, abs, err)
	}
	if _, _, err := parseListing([]byte(`{`)); err == nil {
		t.Error("broken listing accepted")
	}
}

func TestLoadConfigReportsEveryProblem(t *testing.T) {
	env := map[string]string{"APP_PORT": "x", "DAPR_GRPC_PORT": "99999"}
	_, err := LoadConfig("t", 1, func(k string) string { return env[k] })
	for _, want := range []string{"APP_PORT", "DAPR_GRPC_PORT", "APP_API_TOKEN"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %s", err, want)
		}
	}
}

// memLedger is an in-memory ledger for unit tests.
type memLedger struct {
	mu       sync.Mutex
	done     map[string]bool
	failures map[string]int
	leases   map[string]Holder
	taken    int // leases taken
}

func newMemLedger() *memLedger {
	return &memLedger{done: map[string]bool{}, failures: map[string]int{}, leases: map[string]Holder{}}
}

func (l *memLedger) look(_ context.Context, m Message, withLease bool) (bool, *Holder, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.leases[m.ID]; ok && withLease && !l.done[m.ID] {
		return false, &h, nil
	}
	return l.done[m.ID], nil, nil
}

func (l *memLedger) leasesTaken() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.taken
}

func (l *memLedger) takeLease(_ context.Context, m Message, me Holder) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.leases[m.ID]; ok {
		return ErrConflict
	}
	l.leases[m.ID] = me
	l.taken++
	return nil
}

func (l *memLedger) renewLease(_ context.Context, m Message, me Holder) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.leases[m.ID]; ok && h.Process != me.Process {
		return ErrConflict
	}
	l.leases[m.ID] = me
	return nil
}

func (l *memLedger) dropLease(_ context.Context, m Message, h Holder) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur, ok := l.leases[m.ID]; ok && cur.Process == h.Process {
		delete(l.leases, m.ID)
	}
	return nil
}

func (l *memLedger) markHandled(_ context.Context, m Message) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done[m.ID] = true
	return nil
}

func (l *memLedger) failed(_ context.Context, m Message, _ error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[m.ID]++
}

func TestDuplicateDeliveryHasNoSecondEffect(t *testing.T) {
	calls := 0
	l := newMemLedger()
	cfg := Config{AppID: "t", AppToken: "secret"}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	h := routes(cfg, log, l, Wiring{Subscriptions: []Subscription{{Topic: "x", DeadLetterTopic: "deadletter.t",
		Handler: func(context.Context, Message) error { calls++; return nil }}}})
	for i := 0; i < 3; i++ {
		r := httptest.NewRequest("POST", "/events/x", strings.NewReader(`{"id":"f-1/x","data":{}}`))
		r.Header.Set("dapr-api-token", "secret")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !strings.Contains(w.Body.String(), "SUCCESS") {
			t.Fatalf("delivery %d: %s", i, w.Body)
		}
	}
	if calls != 1 {
		t.Errorf("handler ran %d times for one event id, want 1", calls)
	}
}

func TestFailedAttemptsAreRecorded(t *testing.T) {
	l := newMemLedger()
	cfg := Config{AppID: "t", AppToken: "secret"}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	h := routes(cfg, log, l, Wiring{Subscriptions: []Subscription{{Topic: "x", DeadLetterTopic: "deadletter.t",
		Handler: func(context.Context, Message) error { return errors.New("down") }}}})
	for i := 0; i < 2; i++ {
		r := httptest.NewRequest("POST", "/events/x", strings.NewReader(`{"id":"f-2/x","data":{}}`))
		r.Header.Set("dapr-api-token", "secret")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	if l.failures["f-2/x"] != 2 || l.done["f-2/x"] {
		t.Errorf("failures %d, done %v; want 2 recorded failures and no mark", l.failures["f-2/x"], l.done["f-2/x"])
	}
}

// An idempotent subscription's handler recognises its own duplicates: the ledger is
// neither asked nor marked, a duplicate is acknowledged, and failures are still recorded.
func TestIdempotentSubscriptionBypassesTheLedger(t *testing.T) {
	l := newMemLedger()
	cfg := Config{AppID: "t", AppToken: "secret"}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	seen := map[string]bool{}
	fail := true
	h := routes(cfg, log, l, Wiring{Subscriptions: []Subscription{{Topic: "x", DeadLetterTopic: "deadletter.t", Idempotent: true,
		Handler: func(_ context.Context, m Message) error {
			if fail {
				fail = false
				return errors.New("store down")
			}
			if seen[m.ID] {
				return ErrDuplicate
			}
			seen[m.ID] = true
			return nil
		}}}})
	var answers []string
	for i := 0; i < 3; i++ {
		r := httptest.NewRequest("POST", "/events/x", strings.NewReader(`{"id":"f-3/x","data":{}}`))
		r.Header.Set("dapr-api-token", "secret")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		answers = append(answers, strings.TrimSpace(w.Body.String()))
	}
	if !strings.Contains(answers[0], "RETRY") || !strings.Contains(answers[1], "SUCCESS") || !strings.Contains(answers[2], "SUCCESS") {
		t.Errorf("answers %v: want a retry, then success, then a duplicate acknowledged", answers)
	}
	if l.failures["f-3/x"] != 1 || l.done["f-3/x"] {
		t.Errorf("failures %d, marked %v; want the failure recorded and no mark", l.failures["f-3/x"], l.done["f-3/x"])
	}
}

func TestChildTraceParentKeepsTheTrace(t *testing.T) {
	root := NewTraceParent()
	child := ChildTraceParent(root)
	if len(root) != 55 || child[:36] != root[:36] || child[36:52] == root[36:52] || child[52:] != "-01" {
		t.Errorf("root %s child %s", root, child)
	}
}
