// shipping joins what the others decided about an order, in whatever order their events
// come and however often: it needs the order (order.created), the stock's answer and the
// payment's answer. Both yes: it makes the shipment and confirms the order. Any no: it
// cancels the order, and whoever had said yes undoes itself on order.cancelled.
//
// Consumes: order.created, stock.reserved, stock.unavailable, payment.authorised,
// payment.declined. Publishes: order.confirmed, order.cancelled.
// Never: decides an order twice, decides without the order, or confirms one that any
// step refused.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("shipping", 7009, setup) }
