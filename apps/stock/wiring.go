package main

import (
	"cmp"
	"os"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders/orderstep"
	"github.com/paychoreo/choreography/internal/orders/stock"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// defaultStockFile seeds the SKUs this shop sells (relative to apps/stock/, where dapr
// run and bin/launch start the app); CHOREO_STOCK_FILE names another.
const defaultStockFile = "../../refdata/stock.json"

func setup(app *step.App) (step.Wiring, error) {
	rules := &stock.Stock{}
	if app.Sidecar != nil { // nil in the wiring test
		rules.State, rules.Pub = daprstore.NewState(app.Sidecar, step.AppState), app.Sidecar
		if err := seed(app, rules, cmp.Or(os.Getenv("CHOREO_STOCK_FILE"), defaultStockFile)); err != nil {
			return step.Wiring{}, err
		}
	}
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: orderstep.Handler(app, rules.Reserve)},
			{Topic: events.OrderCancelled, Handler: orderstep.Handler(app, rules.Release)},
		},
		Routes: []step.Route{{Pattern: "GET /stock/{sku}", Handler: level(rules)}},
	}, nil
}
