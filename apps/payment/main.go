// payment authorises the total of every new order, on its own, against a simulated card
// provider: an authorisation above the limit (CHOREO_PAYMENT_LIMIT, default 1000.00 EUR
// per order) is declined. When an order is cancelled it voids its authorisation.
//
// Consumes: order.created, order.cancelled. Publishes: payment.authorised,
// payment.declined, payment.voided.
// Never: authorises one order twice, or a cancelled one; keeps an authorisation of a
// cancelled order.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("payment", 7008, setup) }
