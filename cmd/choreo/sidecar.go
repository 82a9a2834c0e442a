package main

import (
	"context"
	"fmt"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc"

	"github.com/paychoreo/choreography/internal/step"
)

// withSidecar runs use with a client of the Dapr sidecar at addr, closed afterwards.
func withSidecar(ctx context.Context, addr string, use func(dapr.Client) error) error {
	c, err := connect(ctx, addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return use(c)
}

// connect dials a Dapr sidecar; the SDK presents DAPR_API_TOKEN when it is set. The
// SDK's own log line would land on stdout, in the way of --json: it is silenced.
func connect(ctx context.Context, addr string) (dapr.Client, error) {
	dapr.SetLogger(nil)
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := dapr.NewClientWithAddressContext(dial, addr, grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(step.MaxMessageBytes), grpc.MaxCallSendMsgSize(step.MaxMessageBytes)))
	if err != nil {
		return nil, fmt.Errorf("connect to the Dapr sidecar at %s (is the pipeline running? --dapr-grpc): %w", addr, err)
	}
	return c, nil
}
