package step

import (
	"fmt"
	"slices"

	"github.com/paychoreo/choreography/internal/events"
)

// Check compares an app's subscriptions with the event catalog: the same topics as the
// catalog says the app consumes, each with the app's dead-letter topic. Run refuses to
// start an app whose wiring disagrees, so the catalog cannot go stale.
func (w Wiring) Check(appID string) error {
	var topics []string
	for _, s := range w.Subscriptions {
		if want := events.DeadLetterTopic(appID, s.Topic); s.DeadLetterTopic != want {
			return fmt.Errorf("%s: subscription to %s has dead-letter topic %q, want %q",
				appID, s.Topic, s.DeadLetterTopic, want)
		}
		topics = append(topics, s.Topic)
	}
	want := events.Consumes(appID)
	slices.Sort(topics)
	slices.Sort(want)
	if !slices.Equal(topics, want) {
		return fmt.Errorf("%s subscribes to %v but internal/events.Catalog says it consumes %v", appID, topics, want)
	}
	return w.checkInvocation(appID)
}

// checkInvocation compares what an app of the catalog serves through service invocation
// (its Methods and Routes) with internal/events.Invocations, where who may call it is
// written. Apps outside the catalog (the benchmark's orchestrator) are not checked.
func (w Wiring) checkInvocation(appID string) error {
	if !slices.Contains(events.Apps(), appID) {
		return nil
	}
	var routes []string
	for _, m := range w.Methods {
		routes = append(routes, m.Name)
	}
	for _, r := range w.Routes {
		routes = append(routes, r.Pattern)
	}
	want := slices.Clone(events.InvocationOf(appID).Routes)
	slices.Sort(routes)
	slices.Sort(want)
	if !slices.Equal(routes, want) {
		return fmt.Errorf("%s serves %v through service invocation but internal/events.Invocations says %v", appID, routes, want)
	}
	return nil
}

// Wire gives every subscription its dead-letter topic and checks the result against the
// catalog.
func Wire(appID string, w Wiring) (Wiring, error) {
	for i, sub := range w.Subscriptions {
		w.Subscriptions[i].DeadLetterTopic = events.DeadLetterTopic(appID, sub.Topic)
	}
	return w, w.Check(appID)
}
