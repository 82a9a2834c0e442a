package main

import (
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/tracking"
)

func TestFinalLinesLinkTheTrace(t *testing.T) {
	f := tracking.File{FileID: "f-1", TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", Final: true}
	final := change{Status: tracking.Created, Detail: "File B x.xml", File: &f}
	got := withTraceLink(final, "http://127.0.0.1:16686/api/traces/{trace_id}").Detail
	if !strings.HasSuffix(got, "  trace http://127.0.0.1:16686/api/traces/4bf92f3577b34da6a3ce929d0e0e4736") {
		t.Errorf("final line %q", got)
	}
	if got := withTraceLink(final, "").Detail; got != final.Detail {
		t.Errorf("without a template: %q", got)
	}
	step := change{Status: tracking.Validated, Detail: "ACME", File: &f}
	if got := withTraceLink(step, "http://x/{trace_id}").Detail; got != "ACME" {
		t.Errorf("a step that is not final: %q", got)
	}
}
