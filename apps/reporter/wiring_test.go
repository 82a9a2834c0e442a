package main

import (
	"testing"

	"github.com/paychoreo/choreography/internal/step"
)

func TestWiringMatchesCatalog(t *testing.T) {
	if err := step.CheckSetup("reporter", setup); err != nil {
		t.Fatal(err)
	}
}
