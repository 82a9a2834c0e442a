package evidence

import (
	"context"
	"errors"
	"fmt"
)

// Sidecar is what a client of a Dapr sidecar offers for storage bindings;
// internal/step.Sidecar has it.
type Sidecar interface {
	GetBlob(ctx context.Context, binding, name string) ([]byte, error)
	PutBlob(ctx context.Context, binding, name string, data []byte) error
}

// OnSidecar gives each area as the sidecar's storage binding of the same name. notFound
// is the error the client wraps for a missing blob (step.ErrNotFound); it becomes
// ErrNotFound here.
func OnSidecar(sc Sidecar, notFound error) Areas {
	return func(area string) Blobs { return binding{sc, area, notFound} }
}

type binding struct {
	sc       Sidecar
	name     string
	notFound error
}

func (b binding) Get(ctx context.Context, name string) ([]byte, error) {
	data, err := b.sc.GetBlob(ctx, b.name, name)
	if err != nil && errors.Is(err, b.notFound) {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return data, err
}

func (b binding) Create(ctx context.Context, name string, data []byte) error {
	return b.sc.PutBlob(ctx, b.name, name, data)
}
