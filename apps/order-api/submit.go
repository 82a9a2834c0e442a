package main

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/paychoreo/choreography/internal/orders/order"
	"github.com/paychoreo/choreography/internal/step"
)

// answer is the 202: the same bytes for every submission with the same key and body.
type answer struct {
	OrderID   string `json:"order_id"`
	Status    string `json:"status"`
	StatusURL string `json:"status_url"`
}

// refusal is every 4xx: what went wrong and every reason.
type refusal struct {
	Error   string    `json:"error"`
	Reasons []order.Problem `json:"reasons"`
}

// submit answers POST /orders. Bad input is refused before anything is stored or
// published. A valid order claims its idempotency key (one key, first write wins), then
// stores the order and announces order.created in one outbox transaction.
func (a *api) submit(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if p := order.CheckKey(key); p != nil {
		a.refuse(w, http.StatusBadRequest, "missing or invalid Idempotency-Key", *p)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		a.refuse(w, http.StatusUnsupportedMediaType, "an order is JSON",
			order.Problem{Field: "Content-Type", Code: "UNSUPPORTED_MEDIA_TYPE", Message: "send Content-Type: application/json"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, order.MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a.refuse(w, http.StatusRequestEntityTooLarge, "order too large",
			order.Problem{Field: "", Code: "BODY_TOO_LARGE", Message: "an order is at most 64 KiB"})
		return
	}
	if err != nil {
		a.refuse(w, http.StatusBadRequest, "cannot read the order", order.Problem{Code: "MALFORMED_JSON", Message: err.Error()})
		return
	}
	draft, problems, err := order.Parse(body)
	if err != nil {
		a.refuse(w, http.StatusBadRequest, "not a JSON object", order.Problem{Code: "MALFORMED_JSON", Message: err.Error()})
		return
	}
	if len(problems) > 0 {
		a.refuse(w, http.StatusUnprocessableEntity, "order rejected", problems...)
		return
	}
	a.accept(w, r, key, draft)
}

// accept takes the order (order.Desk.Take), or answers as the first submission with
// this key did. Its span is the root of the order's trace (trace.go).
func (a *api) accept(w http.ResponseWriter, r *http.Request, key string, d order.Draft) {
	id := order.NewID()
	ctx, traceparent, end := startOrder(r, id)
	taken, err := a.desk.Take(ctx, key, d, id, traceparent)
	outcome := taken.Outcome
	defer func() { end(taken.OrderID, outcome) }() // a replay answers with the first order's id
	switch {
	case err != nil:
		outcome = "unavailable"
		a.unavailable(w, err)
	case taken.Outcome == order.KeyReused:
		a.refuse(w, http.StatusUnprocessableEntity, "idempotency key already used",
			order.Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_REUSED",
				Message: "this key was used for a different order; use a new key for a new order"})
	case taken.Outcome == order.InProgress:
		w.Header().Set("Retry-After", "1")
		a.refuse(w, http.StatusConflict, "the first submission with this key is still in progress",
			order.Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_IN_PROGRESS", Message: "retry shortly with the same key"})
	case taken.Outcome == order.Replayed:
		w.Header().Set("Idempotency-Replayed", "true")
		a.accepted(w, taken.OrderID)
	default:
		o := taken.Order
		a.app.OrderOutcome(step.Message{TraceParent: taken.TraceParent}, o.OrderID, order.Accepted,
			"items", len(o.Items), "total", o.Total.String())
		a.accepted(w, o.OrderID)
	}
}

// statusURL is where a caller follows an order: the order API's own route, through its
// sidecar (service invocation), behind the same token.
func statusURL(id string) string { return "/v1.0/invoke/order-api/method/orders/" + id }

func (a *api) accepted(w http.ResponseWriter, id string) {
	w.Header().Set("Location", statusURL(id))
	writeJSON(w, http.StatusAccepted, answer{OrderID: id, Status: order.Accepted, StatusURL: statusURL(id)})
}

func (a *api) refuse(w http.ResponseWriter, code int, msg string, reasons ...order.Problem) {
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
		Reasons: []order.Problem{{Code: "UNAVAILABLE", Message: "try again"}}})
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
