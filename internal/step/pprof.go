package step

import (
	"net/http"
	"net/http/pprof"
	"os"
)

// addPprof serves Go's profiler at /debug/pprof/ on the app's port when CHOREO_PPROF=1,
// for `make bench -pprof` and for finding hot spots; off by default, since the
// profiles tell more about the process than anyone outside it should learn. Like
// /metrics it is served without the token: turn it on only where the port is private.
func addPprof(mux *http.ServeMux) {
	if os.Getenv("CHOREO_PPROF") != "1" {
		return
	}
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}
