// order-api accepts orders over HTTP (through its Dapr sidecar, behind the API token),
// validates them, and stores each order and announces order.created atomically, through
// the transactional outbox of its state store. It answers 202 with the order id and a
// status URL; the status follows the order's outcome (order.confirmed, order.cancelled).
//
// Consumes: order.confirmed, order.cancelled. Publishes: order.created (outbox only).
// Never: stores an order without announcing it, announces one it did not store, or
// accepts one idempotency key for two different orders.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("order-api", 7006, setup) }
