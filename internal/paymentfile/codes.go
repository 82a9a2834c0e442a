package paymentfile

import (
	"context"

	"github.com/paychoreo/choreography/internal/refdata"
)

// Reason codes. They are part of the rejection report's contract: never rename one.
const (
	CodeFormat            = "FORMAT"              // CSV structure, record order, field count, blank line
	CodeEncoding          = "ENCODING"            // not UTF-8
	CodeEmptyFile         = "EMPTY_FILE"          // no record at all
	CodeTooManyViolations = "TOO_MANY_VIOLATIONS" // the report was cut off at maxViolations

	CodeInvalidSenderID      = "INVALID_SENDER_ID"
	CodeUnknownSender        = "UNKNOWN_SENDER"
	CodeSenderInactive       = "SENDER_INACTIVE"
	CodeInvalidFileReference = "INVALID_FILE_REFERENCE"
	CodeInvalidCreatedAt     = "INVALID_CREATED_AT"

	CodeInvalidE2EID          = "INVALID_E2E_ID"
	CodeDuplicateE2EID        = "DUPLICATE_E2E_ID"
	CodeInvalidIBAN           = "INVALID_IBAN"
	CodeAccountNotAllowed     = "ACCOUNT_NOT_ALLOWED" // debtor account not registered to the sender, or not active
	CodeInvalidDate           = "INVALID_DATE"
	CodeInvalidAmount         = "INVALID_AMOUNT" // also a malformed trailer control_sum
	CodeInvalidCurrency       = "INVALID_CURRENCY"
	CodeInvalidCreditorName   = "INVALID_CREDITOR_NAME"
	CodeInvalidBIC            = "INVALID_BIC"
	CodeInvalidRemittanceInfo = "INVALID_REMITTANCE_INFO"

	CodeInvalidRecordCount   = "INVALID_RECORD_COUNT"
	CodeRecordCountMismatch  = "RECORD_COUNT_MISMATCH"
	CodeControlTotalMismatch = "CONTROL_TOTAL_MISMATCH"
	CodeLimitExceeded        = "LIMIT_EXCEEDED" // the file total is over the sender's MaxFileAmount

	// CodeDuplicateFile is never produced by Validate: whether sender_id + file_reference
	// was seen before is known only to the caller's store. It lives here so that every
	// reason code of the report is defined in one place.
	CodeDuplicateFile = "DUPLICATE_FILE"

	// Codes the validator gives before or around Validate: the blob itself is unusable.
	CodeInvalidBlobName = "INVALID_BLOB_NAME" // the name could leave the inbox or is not a file name
	CodeFileTooLarge    = "FILE_TOO_LARGE"    // over CHOREO_MAX_FILE_BYTES
	CodeContentChanged  = "CONTENT_CHANGED"   // File A's content is not the one intake claimed

	// CodeUnsupportedCharacter: a text field holds a character that has no conversion into
	// the EPC basic character set of SEPA credit transfers (EPC217-08).
	CodeUnsupportedCharacter = "UNSUPPORTED_CHARACTER"
)

// Codes lists every reason code a rejection can carry, in the order of the report's
// documentation; status reports map each one to an ISO 20022 status reason code.
var Codes = []string{
	CodeFormat, CodeEncoding, CodeEmptyFile, CodeTooManyViolations,
	CodeInvalidSenderID, CodeUnknownSender, CodeSenderInactive, CodeInvalidFileReference, CodeInvalidCreatedAt,
	CodeInvalidE2EID, CodeDuplicateE2EID, CodeInvalidIBAN, CodeAccountNotAllowed, CodeInvalidDate,
	CodeInvalidAmount, CodeInvalidCurrency, CodeInvalidCreditorName, CodeInvalidBIC, CodeInvalidRemittanceInfo,
	CodeUnsupportedCharacter,
	CodeInvalidRecordCount, CodeRecordCountMismatch, CodeControlTotalMismatch, CodeLimitExceeded,
	CodeDuplicateFile, CodeInvalidBlobName, CodeFileTooLarge, CodeContentChanged,
}

// Field names used in violations besides the spec's own field names.
const (
	fieldRecord = "record" // the line as a whole: structure, quoting, record type
	fieldFile   = "file"   // the file as a whole
)

// Violation is one broken rule. Line is 1-based; 0 means the file as a whole.
type Violation struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// EndToEndID is the end_to_end_id of the detail line, when the violation belongs to
	// one and its id is readable; a status report names the transaction by it.
	EndToEndID string `json:"end_to_end_id,omitempty"`
}

// SenderLookup finds a sender in the reference table. (nil, nil) means the sender is
// unknown; an error means the table could not be read, and Validate returns it as is.
type SenderLookup func(ctx context.Context, senderID string) (*refdata.Sender, error)
