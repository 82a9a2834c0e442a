package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// claimTakeover is how old a claim without its order must be before a retry with the
// same key may finish it: the first attempt died between claim and transaction.
const claimTakeover = 30 * time.Second

// claim binds an idempotency key to one order (key idem|<sha256 of the key>), written
// first-write-wins before the order exists.
type claim struct {
	Fingerprint string `json:"fingerprint"` // sha256 of the validated request
	OrderID     string `json:"order_id"`
	TraceParent string `json:"traceparent"`
	ClaimedAt   string `json:"claimed_at"`
}

func claimKey(idempotencyKey string) string {
	h := sha256.Sum256([]byte(idempotencyKey))
	return "idem|" + hex.EncodeToString(h[:])
}

// answer is the 202: the same bytes for every submission with the same key and body.
type answer struct {
	OrderID   string `json:"order_id"`
	Status    string `json:"status"`
	StatusURL string `json:"status_url"`
}

// refusal is every 4xx: what went wrong and every reason.
type refusal struct {
	Error   string    `json:"error"`
	Reasons []Problem `json:"reasons"`
}

// submit answers POST /orders. Bad input is refused before anything is stored or
// published. A valid order claims its idempotency key (one key, first write wins), then
// stores the order and announces order.created in one outbox transaction.
func (a *api) submit(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if p := checkKey(key); p != nil {
		a.refuse(w, http.StatusBadRequest, "missing or invalid Idempotency-Key", *p)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		a.refuse(w, http.StatusUnsupportedMediaType, "an order is JSON",
			Problem{Field: "Content-Type", Code: "UNSUPPORTED_MEDIA_TYPE", Message: "send Content-Type: application/json"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a.refuse(w, http.StatusRequestEntityTooLarge, "order too large",
			Problem{Field: "", Code: "BODY_TOO_LARGE", Message: "an order is at most 64 KiB"})
		return
	}
	if err != nil {
		a.refuse(w, http.StatusBadRequest, "cannot read the order", Problem{Code: "MALFORMED_JSON", Message: err.Error()})
		return
	}
	draft, problems, err := Parse(body)
	if err != nil {
		a.refuse(w, http.StatusBadRequest, "not a JSON object", Problem{Code: "MALFORMED_JSON", Message: err.Error()})
		return
	}
	if len(problems) > 0 {
		a.refuse(w, http.StatusUnprocessableEntity, "order rejected", problems...)
		return
	}
	a.accept(w, r, key, draft)
}

// accept claims the key and stores and announces the order, or answers as the first
// submission with this key did. Its span is the root of the order's trace (trace.go).
func (a *api) accept(w http.ResponseWriter, r *http.Request, key string, d Draft) {
	canonical, _ := json.Marshal(d)
	sum := sha256.Sum256(canonical)
	id := newOrderID()
	ctx, traceparent, end := startOrder(r, id)
	c := claim{Fingerprint: hex.EncodeToString(sum[:]), OrderID: id, TraceParent: traceparent,
		ClaimedAt: time.Now().UTC().Format(time.RFC3339Nano)}
	outcome := "unavailable"
	defer func() { end(c.OrderID, outcome) }() // a replay answers with the first order's id
	err := a.app.Sidecar.CreateState(ctx, OrderStore, claimKey(key), c)
	if errors.Is(err, step.ErrConflict) {
		var first claim
		_, found, gerr := a.app.Sidecar.GetState(ctx, OrderStore, claimKey(key), &first)
		if gerr != nil || !found {
			a.unavailable(w, gerr)
			return
		}
		if first.Fingerprint != c.Fingerprint {
			outcome = "refused"
			a.refuse(w, http.StatusUnprocessableEntity, "idempotency key already used",
				Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_REUSED",
					Message: "this key was used for a different order; use a new key for a new order"})
			return
		}
		var o Order
		_, stored, gerr := a.app.Sidecar.GetState(ctx, OrderStore, orderKey(first.OrderID), &o)
		if gerr != nil {
			a.unavailable(w, gerr)
			return
		}
		if stored {
			c, outcome = first, "replayed"
			w.Header().Set("Idempotency-Replayed", "true")
			a.accepted(w, first.OrderID)
			return
		}
		if at, _ := time.Parse(time.RFC3339Nano, first.ClaimedAt); time.Since(at) < claimTakeover {
			outcome = "in_progress"
			w.Header().Set("Retry-After", "1")
			a.refuse(w, http.StatusConflict, "the first submission with this key is still in progress",
				Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_IN_PROGRESS", Message: "retry shortly with the same key"})
			return
		}
		// The first attempt died before its transaction: finish it, same order id, and in
		// its trace (this span's own trace holds nothing more).
		c = first
	} else if err != nil {
		a.unavailable(w, err)
		return
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	o := Order{OrderID: c.OrderID, Status: Accepted, Customer: d.Customer, Items: d.Items, Currency: d.Currency,
		Total: d.Total(), CreatedAt: now, UpdatedAt: now, TraceID: c.TraceParent[3:35]}
	err = a.app.Sidecar.SaveAndAnnounce(ctx, OrderStore, orderKey(o.OrderID), o, step.Announcement{
		Topic: events.OrderCreated, Subject: o.OrderID, TraceParent: c.TraceParent, Payload: o.event()})
	if err != nil {
		a.unavailable(w, err)
		return
	}
	outcome = Accepted
	a.app.OrderOutcome(step.Message{TraceParent: c.TraceParent}, o.OrderID, Accepted,
		"items", len(o.Items), "total", o.Total.String())
	a.accepted(w, o.OrderID)
}

func (a *api) accepted(w http.ResponseWriter, id string) {
	w.Header().Set("Location", statusURL(id))
	writeJSON(w, http.StatusAccepted, answer{OrderID: id, Status: Accepted, StatusURL: statusURL(id)})
}

func (a *api) refuse(w http.ResponseWriter, code int, msg string, reasons ...Problem) {
	codes := make([]string, 0, len(reasons))
	for _, p := range reasons {
		codes = append(codes, p.Code)
	}
	a.app.Log.Info("order refused", "stage", "order-api", "outcome", "refused", "http_status", code, "codes", codes)
	writeJSON(w, code, refusal{Error: msg, Reasons: reasons})
}

// unavailable answers 503: nothing was decided, retrying with the same key is safe.
func (a *api) unavailable(w http.ResponseWriter, err error) {
	a.app.Log.Warn("order not taken", "stage", "order-api", "outcome", "unavailable", "error", errString(err))
	w.Header().Set("Retry-After", "1")
	writeJSON(w, http.StatusServiceUnavailable, refusal{Error: "the order store is unavailable; retry with the same Idempotency-Key",
		Reasons: []Problem{{Code: "UNAVAILABLE", Message: "try again"}}})
}

// checkKey wants 1 to 128 visible ASCII characters.
func checkKey(k string) *Problem {
	if k == "" {
		return &Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_REQUIRED",
			Message: "send an Idempotency-Key header (e.g. a UUID) so that a retried submission is recognised"}
	}
	if len(k) > 128 {
		return &Problem{Field: "Idempotency-Key", Code: "INVALID_IDEMPOTENCY_KEY", Message: "at most 128 characters"}
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return &Problem{Field: "Idempotency-Key", Code: "INVALID_IDEMPOTENCY_KEY", Message: "visible ASCII characters only"}
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func errString(err error) string {
	if err == nil {
		return "not found"
	}
	return err.Error()
}
