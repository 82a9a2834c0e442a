// Package chaos is the fault-injection run: two replica sets of the choreography, a
// steady stream of files, kill -9 of every app and every sidecar and a Redis crash
// while it flows, then crash loops (a random process killed several times in a row);
// then the books must balance, and the report says how long each fault took to
// recover from. TestBigFileInFlight checks that a file near the size limit is never
// handed to a second replica while one still works on it, or is harmless if it is.
// Its tests carry the build tag `chaos` so that `go test ./...` leaves them out:
// `make chaos-short` (CI) and `make chaos`. docs/reliability.md has the figures.
package chaos
