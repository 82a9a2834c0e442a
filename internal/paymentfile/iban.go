package paymentfile

import "github.com/paychoreo/choreography/internal/iban"

// checkIBAN is the IBAN rule of a D record's account fields (ISO 13616, internal/iban).
func checkIBAN(s string) string { return iban.Check(s) }
