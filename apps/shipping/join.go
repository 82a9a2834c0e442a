package main

import (
	"encoding/json"

	"github.com/paychoreo/choreography/internal/events"
)

// Decisions.
const (
	Confirmed = "confirmed"
	Cancelled = "cancelled"
)

// join is everything shipping knows about one order (key order|<id>): one key, changed
// under its ETag, so each event's part and the decision it may complete are written
// together, atomically.
type join struct {
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
type part func(j *join, data json.RawMessage) (bool, error)

func gotOrder(j *join, data json.RawMessage) (bool, error) {
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

func gotReserved(j *join, data json.RawMessage) (bool, error) {
	var e events.StockReservedEvent
	if j.Stock != "" {
		return false, nil
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return false, err
	}
	j.Stock, j.ReservationID = "reserved", e.ReservationID
	return true, nil
}

func gotUnavailable(j *join, data json.RawMessage) (bool, error) {
	var e events.StockUnavailableEvent
	if j.Stock != "" {
		return false, nil
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return false, err
	}
	j.Stock = "unavailable"
	j.Refusals = append(j.Refusals, events.Reason{Stage: "stock", Code: e.Code, Message: e.Message})
	return true, nil
}

func gotAuthorised(j *join, data json.RawMessage) (bool, error) {
	var e events.PaymentAuthorisedEvent
	if j.Payment != "" {
		return false, nil
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return false, err
	}
	j.Payment, j.AuthorisationID = "authorised", e.AuthorisationID
	return true, nil
}

func gotDeclined(j *join, data json.RawMessage) (bool, error) {
	var e events.PaymentDeclinedEvent
	if j.Payment != "" {
		return false, nil
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return false, err
	}
	j.Payment = "declined"
	j.Refusals = append(j.Refusals, events.Reason{Stage: "payment", Code: e.Code, Message: e.Message})
	return true, nil
}

// decide completes the join when it can, once: it needs the order, then any refusal
// cancels it and a reservation with an authorisation confirms it. Whatever order the
// events came in, the same answers give the same decision.
func (j *join) decide() bool {
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
