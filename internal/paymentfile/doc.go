// Package paymentfile parses and validates File A, the payment instruction file of
// /work/shared/spec/payment-file-v1.md, into the canonical payment.File.
//
// Validation is all or nothing and reports everything: a file with any violation
// yields no payment.File but the list of every violation found, each with its line,
// field and a stable reason code. Only technical failures (the reader, the sender
// lookup, a cancelled context) come back as an error, so a caller can retry those and
// never retry a rejection.
//
// Beyond the spec's field rules, what File B carries must fit SEPA: the texts and
// identifiers must convert into the EPC basic character set (internal/epc), a character
// without a conversion is UNSUPPORTED_CHARACTER, and end_to_end_id follows EPC's rule for
// '/' (docs/epc-charset.md). A violation of a detail line names its end_to_end_id when
// that is valid.
//
// The file is read as a stream, one physical line at a time. What a hostile or junk
// file can make us hold is bounded: a line is cut off at maxLineBytes and the stored
// violations at maxViolations.
package paymentfile
