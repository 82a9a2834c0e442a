package main

import (
	"net/http"

	"github.com/paychoreo/choreography/internal/orders/order"
)

// status answers GET /orders/{id}: the order as the order API knows it, its status
// following order.confirmed and order.cancelled.
func (a *api) status(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, found, err := a.desk.Get(r.Context(), id)
	if err != nil {
		a.unavailable(w, err)
		return
	}
	if !found {
		writeJSON(w, http.StatusNotFound, refusal{Error: "no such order", Reasons: []order.Problem{{Field: "id", Code: "NOT_FOUND", Message: id}}})
		return
	}
	writeJSON(w, http.StatusOK, o)
}
