// stock reserves the items of every new order, on its own: all of them or none. It keeps
// each SKU's on-hand quantity with the reservations held against it, one key per SKU, so
// a reservation and its release are single-key writes (ETag) that happen once per order.
// When an order is cancelled it gives its reservation back.
//
// Consumes: order.created, order.cancelled. Publishes: stock.reserved, stock.unavailable,
// stock.released.
// Never: holds stock for an order it announced as unavailable, or for a cancelled one;
// reserves twice for one order.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("stock", 7007, setup) }
