// tracker is the observer that answers "where is file X, why did it fail, what is
// stuck" with no central point of control: it subscribes to every file event (rejections,
// dead letters and compensations included), keeps each file's timeline in its state
// store, marks files that miss their deadline as stalled, and serves a read-only API and
// status page.
//
// Consumes: every file.* topic and the order fan-out's order.*, payment.* and stock.*
// topics (internal/events lists them). Publishes: nothing, ever.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("tracker", 7005, setup) }
