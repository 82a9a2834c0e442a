package main

import (
	"net/url"
	"strings"

	"github.com/paychoreo/choreography/internal/tracking"
)

// withTraceLink adds the link to a final file's trace to its line: the template is the
// tracker's, CHOREO_TRACE_URL, with {trace_id} where the id goes (make run sets it to
// Jaeger's). Other lines, and every line without a template or a trace id, are unchanged.
func withTraceLink(c change, tmpl string) change {
	if tmpl == "" || c.File == nil || c.File.TraceID == "" || !tracking.Final(c.Status) {
		return c
	}
	c.Detail += "  trace " + strings.ReplaceAll(tmpl, "{trace_id}", url.PathEscape(c.File.TraceID))
	return c
}
