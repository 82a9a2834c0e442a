package pain002

import "github.com/paychoreo/choreography/internal/paymentfile"

// Mapping is one row of the table from our rejection reason codes (paymentfile.Codes) to
// ISO 20022 external status reason codes (ExternalStatusReason1Code). A row with a Field
// refines its code for that field only (an IBAN is the debtor's or the creditor's); every
// code has a row without a Field, which applies everywhere else.
type Mapping struct {
	Code  string // our reason code, as in the rejection report
	Field string // "" for every field, else the field the row is for
	ISO   string // ExternalStatusReason1Code
	Why   string // why this ISO code, for docs/status-reports.md
}

// Mappings is the one table. The ISO codes and their names were checked against ISO's
// external code list (ExternalStatusReason1Code, docs/status-reports.md names the
// sources); where a precise code exists it wins over a generic one.
var Mappings = []Mapping{
	{paymentfile.CodeFormat, "", "FF01", "the CSV structure is broken"},
	{paymentfile.CodeEncoding, "", "FF01", "the file is not UTF-8: its format is invalid"},
	{paymentfile.CodeEmptyFile, "", "FF01", "a file without records is incomplete"},
	{paymentfile.CodeTooManyViolations, "", "NARR", "not a reason of its own: the report stopped listing; the text says so"},
	{paymentfile.CodeInvalidSenderID, "", "BE05", "the initiating party cannot be identified"},
	{paymentfile.CodeUnknownSender, "", "BE05", "the initiating party is not a customer of the service"},
	{paymentfile.CodeSenderInactive, "", "BE05", "the initiating party is no longer an active customer of the service"},
	{paymentfile.CodeInvalidFileReference, "", "FF01", "the file reference (the message id) breaks the format"},
	{paymentfile.CodeInvalidCreatedAt, "", "DT02", "the header's creation date and time is invalid"},
	{paymentfile.CodeInvalidE2EID, "", "FF08", "precise: end-to-end id missing or invalid"},
	{paymentfile.CodeDuplicateE2EID, "", "DU04", "precise: end-to-end id not unique"},
	{paymentfile.CodeInvalidIBAN, "", "AC01", "an account number is invalid"},
	{paymentfile.CodeInvalidIBAN, "debtor_iban", "AC02", "the debtor's account number is invalid"},
	{paymentfile.CodeInvalidIBAN, "creditor_iban", "AC03", "the creditor's account number is invalid"},
	{paymentfile.CodeAccountNotAllowed, "", "AG01", "no (active) agreement for this sender on the debtor account: the code's former name is NoAgreement"},
	{paymentfile.CodeInvalidDate, "", "DT01", "the execution date is invalid"},
	{paymentfile.CodeInvalidAmount, "", "AM12", "the amount is invalid"},
	{paymentfile.CodeInvalidAmount, "control_sum", "AM16", "the trailer's control sum is the group's, and it is invalid"},
	{paymentfile.CodeInvalidCurrency, "", "AM11", "the transaction currency is invalid"},
	{paymentfile.CodeInvalidCreditorName, "", "BE21", "the name is missing or invalid (ISO has no creditor-specific code for an invalid name)"},
	{paymentfile.CodeInvalidBIC, "", "RC07", "the BIC of the file is the creditor agent's"},
	{paymentfile.CodeInvalidRemittanceInfo, "", "RR07", "the remittance information breaks the rules of SEPA credit transfers"},
	{paymentfile.CodeUnsupportedCharacter, "", "RR10", "a character outside the EPC basic character set of SEPA"},
	{paymentfile.CodeInvalidRecordCount, "", "AM19", "record_count is the group's number of transactions (AM18 is for when the level is unknown)"},
	{paymentfile.CodeRecordCountMismatch, "", "AM19", "record_count, the group's number of transactions, is wrong"},
	{paymentfile.CodeControlTotalMismatch, "", "AM10", "the amounts do not add up to the control sum"},
	{paymentfile.CodeLimitExceeded, "", "AM14", "the file is over the limit agreed with the sender"},
	{paymentfile.CodeDuplicateFile, "", "AM05", "the file (sender and file reference) was submitted before"},
	{paymentfile.CodeInvalidBlobName, "", "FF01", "the file's name is not one a file may have"},
	{paymentfile.CodeFileTooLarge, "", "NARR", "no ISO code for a file over the size limit; the text says so"},
	{paymentfile.CodeContentChanged, "", "NARR", "no ISO code for a file replaced while it was read; the text says so"},
}

// Compensated is the ISO code of a file that failed for good on our side and was undone.
const Compensated = "FF10"

// ISONames are the names of the ISO codes this package writes, from ISO's external code
// list; the docs show them, and a test keeps every code of Mappings named.
var ISONames = map[string]string{
	"AC01": "IncorrectAccountNumber",
	"AC02": "InvalidDebtorAccountNumber",
	"AC03": "InvalidCreditorAccountNumber",
	"AG01": "TransactionForbidden",
	"AM05": "Duplication",
	"AM10": "InvalidControlSum",
	"AM11": "InvalidTransactionCurrency",
	"AM12": "InvalidAmount",
	"AM14": "AmountExceedsAgreedLimit",
	"AM16": "InvalidGroupControlSum",
	"AM19": "InvalidGroupNumberOfTransactions",
	"BE05": "UnrecognisedInitiatingParty",
	"BE21": "MissingName",
	"DT01": "InvalidDate",
	"DT02": "InvalidCreationDate",
	"DU04": "DuplicateEndToEndID",
	"FF01": "InvalidFileFormat",
	"FF08": "InvalidEndToEndId",
	"FF10": "BankSystemProcessingError",
	"NARR": "Narrative",
	"RC07": "InvalidCreditorBICIdentifier",
	"RR07": "RemittanceInformationInvalid",
	"RR10": "InvalidCharacterSet",
}

// ISOReason is the ISO status reason code of one of our reason codes on a field: the
// field's own row when there is one, else the code's. An unknown code (a newer validator
// than this reporter) gives NARR: the text still says what it is.
func ISOReason(code, field string) string {
	general := ""
	for _, m := range Mappings {
		if m.Code != code {
			continue
		}
		if m.Field == field && field != "" {
			return m.ISO
		}
		if m.Field == "" {
			general = m.ISO
		}
	}
	if general == "" {
		return "NARR"
	}
	return general
}
