package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/paychoreo/choreography/internal/step"
)

// startOrder starts the span of one order's acceptance, the root of the order's trace
// (linked to the sidecar's span of the invocation, which is a trace of its own, as
// intake's "file claimed" is linked to the blob's arrival): order.created carries its
// traceparent, so stock, payment, shipping, the notifier and the tracker hang under it.
// Attributes are the order id and the outcome, never the customer. end closes it with
// the id the caller was answered (a replay's is the first submission's).
func startOrder(r *http.Request, orderID string) (ctx context.Context, traceparent string, end func(orderID, outcome string)) {
	ctx, span, traceparent := step.StartRoot(r.Context(), "order accepted", step.RequestLink(r),
		attribute.String("choreo.order_id", orderID), attribute.String("choreo.stage", "order-api"))
	return ctx, traceparent, func(orderID, outcome string) {
		span.SetAttributes(attribute.String("choreo.order_id", orderID), attribute.String("choreo.outcome", outcome))
		if outcome == "unavailable" {
			span.SetStatus(codes.Error, outcome)
		}
		span.End()
	}
}
