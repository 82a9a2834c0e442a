package main

import "testing"

func TestTraceURL(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	tmpl, err := traceURLTemplate(env("http://127.0.0.1:16686/trace/{trace_id}"))
	if err != nil {
		t.Fatal(err)
	}
	tr := &tracker{traceTmpl: tmpl}
	if got := tr.traceURL("4bf92f3577b34da6a3ce929d0e0e4736"); got != "http://127.0.0.1:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace URL %q", got)
	}
	if got := tr.traceURL(""); got != "" {
		t.Errorf("a file without a trace id links to %q", got)
	}
	if got := (&tracker{}).traceURL("4bf9"); got != "" {
		t.Errorf("without CHOREO_TRACE_URL a file links to %q", got)
	}
	for _, bad := range []string{"http://127.0.0.1:16686/trace/", "javascript:alert({trace_id})", "/trace/{trace_id}"} {
		if _, err := traceURLTemplate(env(bad)); err == nil {
			t.Errorf("CHOREO_TRACE_URL=%q accepted", bad)
		}
	}
}
