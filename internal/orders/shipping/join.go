package shipping

import (
	"encoding/json"

	"github.com/paychoreo/choreography/internal/events"
)

// Decisions.
const (
	Confirmed = "confirmed"
	Cancelled = "cancelled"
)

// Join is everything shipping knows about one order (key order|<id>): one key, changed
// through store.Update, so each event's part and the decision it may complete are
// written together, atomically.
type Join struct {
	OrderID         string                    `json:"order_id"`
	Order           *events.OrderCreatedEvent `json:"order,omitempty"`
	Stock           string                    `json:"stock,omitempty"`   // reserved | unavailable
	Payment         string                    `json:"payment,omitempty"` // authorised | declined
	ReservationID   string                    `json:"reservation_id,omitempty"`
	AuthorisationID string                    `json:"authorisation_id,omitempty"`
	Refusals        []events.Reason           `json:"refusals,omitempty"` // every no, as it came
	Decision        string                    `json:"decision,omitempty"`
	ShipmentID      string                    `json:"shipment_id,omitempty"`
	Reasons         []events.Reason           `json:"reasons,omitempty"` // the refusals known at the decision
	// DecidedBy names the event (topic|id) whose part completed the join: its delivery,
	// or its redelivery after a crash, announces the decision, and no other.
	DecidedBy string `json:"decided_by,omitempty"`
	Announced bool   `json:"announced,omitempty"`
}

// A part applies one event to the join; false when the join knew it already.
type part func(j *Join, data json.RawMessage) (bool, error)

// parts is what each topic shipping consumes adds to a join.
var parts = map[string]part{
	events.OrderCreated: gotOrder,
	events.StockReserved: answer(stockSide, "reserved",
		func(j *Join, e events.StockReservedEvent) { j.ReservationID = e.ReservationID }),
	events.StockUnavailable: answer(stockSide, "unavailable",
		func(j *Join, e events.StockUnavailableEvent) { j.refuse("stock", e.Code, e.Message) }),
	events.PaymentAuthorised: answer(paymentSide, "authorised",
		func(j *Join, e events.PaymentAuthorisedEvent) { j.AuthorisationID = e.AuthorisationID }),
	events.PaymentDeclined: answer(paymentSide, "declined",
		func(j *Join, e events.PaymentDeclinedEvent) { j.refuse("payment", e.Code, e.Message) }),
}

func gotOrder(j *Join, data json.RawMessage) (bool, error) {
	if j.Order != nil {
		return false, nil
	}
	var o events.OrderCreatedEvent
	if err := json.Unmarshal(data, &o); err != nil {
		return false, err
	}
	j.Order = &o
	return true, nil
}

func stockSide(j *Join) *string   { return &j.Stock }
func paymentSide(j *Join) *string { return &j.Payment }

// answer is the part of one side's answer (event E): the side's first answer counts,
// a second one (a redelivery) changes nothing.
func answer[E any](side func(*Join) *string, value string, apply func(*Join, E)) part {
	return func(j *Join, data json.RawMessage) (bool, error) {
		if *side(j) != "" {
			return false, nil
		}
		var e E
		if err := json.Unmarshal(data, &e); err != nil {
			return false, err
		}
		*side(j) = value
		apply(j, e)
		return true, nil
	}
}

func (j *Join) refuse(stage, code, message string) {
	j.Refusals = append(j.Refusals, events.Reason{Stage: stage, Code: code, Message: message})
}

// decide completes the join when it can, once: it needs the order, then any refusal
// cancels it and a reservation with an authorisation confirms it. Whatever order the
// events came in, the same answers give the same decision.
func (j *Join) decide() bool {
	if j.Decision != "" || j.Order == nil {
		return false
	}
	switch {
	case len(j.Refusals) > 0:
		j.Decision, j.Reasons = Cancelled, append([]events.Reason(nil), j.Refusals...)
	case j.Stock == "reserved" && j.Payment == "authorised":
		j.Decision, j.ShipmentID = Confirmed, "shp-"+j.OrderID
	default:
		return false
	}
	return true
}
