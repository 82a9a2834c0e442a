// adaptor turns an accepted file's canonical form into payment batches, one per debtor
// account and execution date in order of first appearance, stages them and announces
// file.adapted.
//
// Consumes: file.validated. Publishes: file.adapted.
// Never: re-validates, changes amounts or order within a batch.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("adaptor", 7003, setup) }
