package main

import (
	"testing"

	"github.com/paychoreo/choreography/internal/step"
)

func TestWiringMatchesCatalog(t *testing.T) {
	if err := step.CheckSetup("payment", setup); err != nil {
		t.Fatal(err)
	}
}
