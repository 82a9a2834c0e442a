package main

import (
	"net/http"
	"os"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// defaultStockFile seeds the SKUs this shop sells (relative to apps/stock/, where dapr
// run and bin/launch start the app); CHOREO_STOCK_FILE names another.
const defaultStockFile = "../../refdata/stock.json"

type stock struct{ app *step.App }

func setup(app *step.App) (step.Wiring, error) {
	s := &stock{app: app}
	if app.Sidecar != nil { // nil in the wiring test
		file := os.Getenv("CHOREO_STOCK_FILE")
		if file == "" {
			file = defaultStockFile
		}
		if err := s.seed(file); err != nil {
			return step.Wiring{}, err
		}
	}
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: s.onCreated},
			{Topic: events.OrderCancelled, Handler: s.onCancelled},
		},
		Routes: []step.Route{{Pattern: "GET /stock/{sku}", Handler: http.HandlerFunc(s.level)}},
	}, nil
}
