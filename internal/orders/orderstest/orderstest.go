// Package orderstest holds what the order rules' tests share: a Publisher that keeps
// what it was given, and events to hand the rules.
package orderstest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/paychoreo/choreography/internal/orders"
)

// Published is one announcement.
type Published struct {
	Topic, OrderID string
	Payload        any
}

// Publisher keeps every announcement; while Fail is set it refuses them.
type Publisher struct {
	mu   sync.Mutex
	Fail bool
	Got  []Published
}

func (p *Publisher) Publish(_ context.Context, topic, orderID, _ string, payload any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail {
		return errors.New("orderstest: broker down")
	}
	p.Got = append(p.Got, Published{topic, orderID, payload})
	return nil
}

// Topics lists the topics announced, in order.
func (p *Publisher) Topics() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, x := range p.Got {
		out = append(out, x.Topic)
	}
	return out
}

// Event is a delivery of payload on topic, with CloudEvent id <order>/<topic>.
func Event(topic, orderID string, payload any) orders.Event {
	b, _ := json.Marshal(payload)
	return orders.Event{Topic: topic, ID: orderID + "/" + topic, Data: b}
}
