// Package chaos is the fault-injection run: two replica sets of the choreography, a
// steady stream of files, kill -9 of every app and every sidecar and a Redis crash
// while it flows; then the books must balance. Its tests carry the build tag `chaos`
// so that `go test ./...` leaves them out: `make chaos-short` (CI) and `make chaos`.
package chaos
