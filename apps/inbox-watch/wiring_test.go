package main

import (
	"testing"

	"github.com/paychoreo/choreography/internal/step"
)

func TestWiringMatchesCatalog(t *testing.T) {
	if err := step.CheckSetup("inbox-watch", setup); err != nil {
		t.Fatal(err)
	}
}
