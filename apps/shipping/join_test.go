package main

import (
	"encoding/json"
	"fmt"
	"testing"
)

type arrival struct {
	name string
	p    part
	data string
}

var (
	created     = arrival{"created", gotOrder, `{"order_id":"o-1","customer":{"id":"C-1","name":"Ada","email":"a@b.c"},"items":[{"sku":"A","quantity":1,"unit_price":"1.00"}],"currency":"EUR","total":"1.00"}`}
	reserved    = arrival{"reserved", gotReserved, `{"order_id":"o-1","reservation_id":"res-o-1","items":[{"sku":"A","quantity":1}]}`}
	unavailable = arrival{"unavailable", gotUnavailable, `{"order_id":"o-1","code":"OUT_OF_STOCK","message":"A short","shortages":[]}`}
	authorised  = arrival{"authorised", gotAuthorised, `{"order_id":"o-1","authorisation_id":"auth-o-1","amount":"1.00","currency":"EUR"}`}
	declined    = arrival{"declined", gotDeclined, `{"order_id":"o-1","amount":"1.00","currency":"EUR","code":"AMOUNT_OVER_LIMIT","message":"no"}`}
)

// run applies arrivals in order, each twice (a redelivery), and returns the decision
// with the arrival that made it.
func run(t *testing.T, as []arrival) (join, string) {
	t.Helper()
	j, by := join{OrderID: "o-1"}, ""
	for _, a := range as {
		for i := 0; i < 2; i++ {
			changed, err := a.p(&j, json.RawMessage(a.data))
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 && changed {
				t.Errorf("%s applied twice", a.name)
			}
			if j.decide() {
				if by != "" {
					t.Fatalf("decided twice: by %s and %s", by, a.name)
				}
				by = a.name
			}
		}
	}
	return j, by
}

func permutations(as []arrival) [][]arrival {
	if len(as) <= 1 {
		return [][]arrival{as}
	}
	var out [][]arrival
	for i := range as {
		rest := append(append([]arrival{}, as[:i]...), as[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]arrival{as[i]}, p...))
		}
	}
	return out
}

// TestJoinIsOrderIndependent: whatever order the answers come in, and however often,
// the same answers give the same decision, made once, and only once the order is known.
func TestJoinIsOrderIndependent(t *testing.T) {
	for _, c := range []struct {
		name     string
		arrivals []arrival
		want     string
		reasons  string
	}{
		{"both yes", []arrival{created, reserved, authorised}, Confirmed, ""},
		{"out of stock", []arrival{created, unavailable, authorised}, Cancelled, "stock:OUT_OF_STOCK"},
		{"declined", []arrival{created, reserved, declined}, Cancelled, "payment:AMOUNT_OVER_LIMIT"},
	} {
		for _, order := range permutations(c.arrivals) {
			j, by := run(t, order)
			if j.Decision != c.want || by == "" {
				t.Errorf("%s in order %v: decision %q by %q", c.name, names(order), j.Decision, by)
			}
			if c.want == Confirmed && (j.ShipmentID != "shp-o-1" || j.ReservationID != "res-o-1" || j.AuthorisationID != "auth-o-1") {
				t.Errorf("%s: %+v", c.name, j)
			}
			if c.want == Cancelled && (len(j.Reasons) != 1 || j.Reasons[0].Stage+":"+j.Reasons[0].Code != c.reasons) {
				t.Errorf("%s in order %v: reasons %+v", c.name, names(order), j.Reasons)
			}
		}
	}
	// Both refuse: cancelled once, with what was known when it was decided.
	for _, order := range permutations([]arrival{created, unavailable, declined}) {
		if j, _ := run(t, order); j.Decision != Cancelled || len(j.Reasons) == 0 {
			t.Errorf("both refuse in order %v: %+v", names(order), j)
		}
	}
	// No decision without the order, whatever else is known.
	if j, by := run(t, []arrival{reserved, authorised}); j.Decision != "" || by != "" {
		t.Errorf("decided without the order: %+v", j)
	}
	if j, _ := run(t, []arrival{declined}); j.Decision != "" {
		t.Errorf("decided without the order: %+v", j)
	}
}

func names(as []arrival) string {
	var s []string
	for _, a := range as {
		s = append(s, a.name)
	}
	return fmt.Sprint(s)
}
