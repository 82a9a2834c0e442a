// validator checks each File A against payment-file-v1 and the reference table held in
// the refdata state store. An accepted file's canonical form is staged and announced as
// file.validated; a file that breaks any rule gets a rejection report listing every
// violation, written to the rejected area, and is announced as file.rejected. Both
// events, and the report, name the version of the reference table the file was checked
// against (refdata_version: the version of the sender's row it read).
//
// Consumes: file.received. Publishes: file.validated, file.rejected.
// Never: retries a business rejection, changes File A, trusts the blob name.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("validator", 7002, setup) }
