package events

import "slices"

// Invocation is what an app offers through Dapr service invocation and who may call it.
// The steps talk to each other by events only; invocation is how people and tools reach
// an app, through that app's own sidecar (which Dapr does not count as a caller: such
// calls carry no caller id). Callers names the other apps whose sidecars may invoke it.
type Invocation struct {
	App string
	// Routes are as the app's wiring names them: a step.Method's name ("submit"), a
	// step.Route's pattern ("POST /orders"). step.Wire refuses an app that serves others.
	Routes []string
	// Callers are the app ids allowed besides the app itself. Every other caller is refused
	// twice: by Dapr's access control where a Configuration applies it (config/local.yaml),
	// and by the app itself (403), which is all there is on Container Apps.
	Callers []string
	Meaning string
}

// Invocations is who calls whom through service invocation. An app absent here offers
// nothing and accepts no caller but its own sidecar.
var Invocations = []Invocation{
	{"intake", []string{"submit", "redrive"}, nil,
		"`choreo submit` uploads File A; `choreo deadletters redrive` puts a dead letter back. People, through intake's own sidecar."},
	{"order-api", []string{"POST /orders", "GET /orders/{id}"}, nil,
		"Clients place an order and follow it (scripts/orders-demo.sh), through the order API's own sidecar."},
	{"stock", []string{"GET /stock/{sku}"}, nil,
		"A person reads a SKU's stock, through stock's own sidecar."},
}

// InvocationOf returns what app offers through service invocation (empty when nothing).
func InvocationOf(app string) Invocation {
	for _, in := range Invocations {
		if in.App == app {
			return in
		}
	}
	return Invocation{App: app}
}

// MayInvoke says whether caller may invoke app: the app itself (through its own sidecar)
// or one of its Callers.
func MayInvoke(caller, app string) bool {
	return caller == app || slices.Contains(InvocationOf(app).Callers, caller)
}

// AnyCallers says whether any app may invoke another: config/local.yaml's access control
// denies every caller while none may.
func AnyCallers() bool {
	for _, in := range Invocations {
		if len(in.Callers) > 0 {
			return true
		}
	}
	return false
}
