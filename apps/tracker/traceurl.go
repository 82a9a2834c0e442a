package main

import (
	"fmt"
	"net/url"
	"strings"
)

// traceIDPlaceholder is where a trace URL template takes the trace id.
const traceIDPlaceholder = "{trace_id}"

// traceURLTemplate reads CHOREO_TRACE_URL: the address of one trace in the trace backend,
// with {trace_id} where the id goes (make run: Jaeger's http://127.0.0.1:16686/trace/{trace_id}).
// Unset, files carry no trace link.
func traceURLTemplate(getenv func(string) string) (string, error) {
	tmpl := getenv("CHOREO_TRACE_URL")
	if tmpl == "" {
		return "", nil
	}
	u, err := url.Parse(strings.ReplaceAll(tmpl, traceIDPlaceholder, "0"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(tmpl, traceIDPlaceholder) {
		return "", fmt.Errorf("CHOREO_TRACE_URL=%q: want an http(s) URL with %s in it", tmpl, traceIDPlaceholder)
	}
	return tmpl, nil
}

// traceURL is the link to a file's trace, or "" without a template or a trace id.
func (t *tracker) traceURL(traceID string) string {
	if t.traceTmpl == "" || traceID == "" {
		return ""
	}
	return strings.ReplaceAll(t.traceTmpl, traceIDPlaceholder, url.PathEscape(traceID))
}
