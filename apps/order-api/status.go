package main

import (
	"net/http"
)

// status answers GET /orders/{id}: the order as the order API knows it, its status
// following order.confirmed and order.cancelled.
func (a *api) status(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var o Order
	found := false
	if orderID.MatchString(id) {
		var err error
		if _, found, err = a.app.Sidecar.GetState(r.Context(), OrderStore, orderKey(id), &o); err != nil {
			a.unavailable(w, err)
			return
		}
	}
	if !found {
		writeJSON(w, http.StatusNotFound, refusal{Error: "no such order", Reasons: []Problem{{Field: "id", Code: "NOT_FOUND", Message: id}}})
		return
	}
	writeJSON(w, http.StatusOK, o)
}
