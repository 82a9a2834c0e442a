// intake is File A's custodian. It learns of a new blob from a blob.created event
// (Event Grid through Service Bus in Azure, inbox-watch or `choreo upload` locally; the
// replicas are competing consumers), claims the file once (first write wins on
// `inbox|<blob>` in appstate) and announces it as file.received. When a file reaches its
// final state it moves File A out of the inbox: to the archive (file.created), next to
// its rejection report (file.rejected), or to quarantine with its reasons (file.failed).
// It also keeps the dead letters of the file steps and redrives them on request.
//
// Consumes: blob.created, file.created, file.rejected, file.failed, deadletter.<step>.
// Publishes: file.received, file.failed. Events and who else uses them: internal/events.
// Never: reads or judges a file's content, publishes twice under different ids.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("intake", 7001, setup) }
