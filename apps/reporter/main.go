// reporter answers every payment file that reached its end with an ISO 20022
// pain.002.001.10 Customer Payment Status Report (internal/pain002,
// docs/status-reports.md): RJCT with ISO reason codes for a rejected file, ACCP for a
// created one, RJCT with FF10 for a compensated one. It writes <file id>.pain002.xml to
// the reports binding, which the tracker serves.
//
// Consumes: file.rejected, file.created, file.failed. Publishes: nothing (its sidecar
// dead-letters to deadletter.reporter, which a person reads).
// Never: writes a report from the clock (the same events give the same bytes), lets a
// file.created that comes late replace a compensated file's report, logs a report's
// content (IBANs, names).
//
// It joined the choreography without a change to any other app: a consumer of three
// events in the catalog, its own component (reports) and its place in the access lists.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("reporter", 7012, setup) }
