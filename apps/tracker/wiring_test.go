package main

import (
	"testing"

	"github.com/paychoreo/choreography/internal/step"
)

func TestWiringMatchesCatalog(t *testing.T) {
	w, err := setup(&step.App{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := step.Wire("tracker", w); err != nil {
		t.Fatal(err)
	}
}
