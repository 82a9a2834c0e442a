// creator renders each adapted file as an ISO 20022 pain.001.001.09 message and writes it
// to File B Storage under a name derived from sender_id and file_reference, so that a
// retry overwrites the same File B and never creates a second one. It then removes the
// file's staged data and announces file.created.
//
// Consumes: file.adapted. Publishes: file.created.
// Never: writes a File B under any other name, keeps staged data after success.
package main

import "github.com/paychoreo/choreography/internal/step"

func main() { step.Main("creator", 7004, setup) }
