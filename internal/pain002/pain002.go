// Package pain002 writes the answer to a payment file: one ISO 20022 pain.002.001.10
// Customer Payment Status Report per file that reached its end, built from the file's
// final event (file.rejected, file.created or file.failed). docs/status-reports.md
// describes the statuses, the reason-code table (Mappings) and where each fact goes.
//
// Everything in a report comes from the event and its time, never from the clock, so
// the same event always gives the same bytes. Nothing is masked: a report is served only
// to authenticated people. Callers must never log a report's content (IBANs, names).
package pain002

import "github.com/paychoreo/choreography/internal/pain001"

// Statuses (ExternalPaymentGroupStatus1Code, ExternalPaymentTransactionStatus1Code).
const (
	// Rejected: the file, or one transaction of it, is rejected.
	Rejected = "RJCT"
	// AcceptedCustomerProfile: technical validation and the customer profile checks
	// (known and active sender, its own accounts, its limits) passed. It is the status of
	// a created file: the validator does both, and File B is written for downstream
	// systems, which have not executed anything yet (that would be ACSP).
	AcceptedCustomerProfile = "ACCP"
)

// MsgNameID is OrgnlMsgNmId: the customer's message is a payment file of the format in
// the spec (payment-file-v1.md), not an ISO message.
const MsgNameID = "payment-file-v1"

// Area is the Dapr storage binding the reports are kept in (components/*/reports.yaml):
// the reporter writes there, the tracker reads.
const Area = "reports"

// Name is the report's name in the reports binding: "<file id>.pain002.xml". Anything
// that knows a file id knows where its report is (the tracker, the notifier).
func Name(fileID string) string { return fileID + ".pain002.xml" }

// MsgID is the report's GrpHdr/MsgId, derived from the file id alone: "STS-<file id>",
// shortened by a hash to 35 characters (Max35Text) when longer.
func MsgID(fileID string) string { return fit("STS-"+fileID, 35) }

// fit shortens an identifier past n characters as File B's are shortened (pain001.Fit):
// a prefix, '.' and a hash of all of it.
func fit(s string, n int) string { return pain001.Fit(s, n) }

// runes is the first n characters of s, never cutting a rune in two.
func runes(s string, n int) string { return pain001.Prefix(s, n) }
