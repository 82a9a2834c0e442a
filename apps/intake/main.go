// intake is File A's custodian. A cron input binding triggers a scan of File A Storage;
// each new blob is claimed once (first write wins in the claims store) and announced as
// file.received. When a file reaches its final state (file.created or file.rejected),
// intake moves File A out of the inbox: to the archive, or next to its rejection report.
//
// Consumes: file.created, file.rejected. Publishes: file.received.
// Never: reads or judges a file's content, publishes twice under different ids.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("intake", 7001, setup) }
