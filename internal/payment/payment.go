// Package payment holds the domain types every step shares: the canonical form of an
// accepted payment file and the batches it is grouped into. It has no Dapr in it.
package payment

// Sender is the header of a payment file, enriched with the sender's registered name.
type Sender struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Payment is one D record, as accepted by the validator.
type Payment struct {
	Line           int    `json:"line"`
	EndToEndID     string `json:"end_to_end_id"`
	DebtorIBAN     string `json:"debtor_iban"`
	ExecutionDate  string `json:"execution_date"` // YYYY-MM-DD
	Amount         Amount `json:"amount"`
	Currency       string `json:"currency"`
	CreditorName   string `json:"creditor_name"`
	CreditorIBAN   string `json:"creditor_iban"`
	CreditorBIC    string `json:"creditor_bic,omitempty"`
	RemittanceInfo string `json:"remittance_info,omitempty"`
}

// File is the canonical form of an accepted File A: what the validator stages for the
// adaptor. Amounts are exact; nothing here was ever a float.
type File struct {
	Sender        Sender    `json:"sender"`
	FileReference string    `json:"file_reference"`
	CreatedAt     string    `json:"created_at"` // RFC 3339 as given in the header
	Payments      []Payment `json:"payments"`
	ControlSum    Amount    `json:"control_sum"`
}

// Batch is one group of payments sharing a debtor account and an execution date:
// one PmtInf in File B.
type Batch struct {
	DebtorIBAN    string    `json:"debtor_iban"`
	ExecutionDate string    `json:"execution_date"`
	ControlSum    Amount    `json:"control_sum"`
	Payments      []Payment `json:"payments"`
}

// Batches is what the adaptor stages for the creator.
type Batches struct {
	Sender        Sender  `json:"sender"`
	FileReference string  `json:"file_reference"`
	CreatedAt     string  `json:"created_at"`
	NbOfTxs       int     `json:"nb_of_txs"`
	ControlSum    Amount  `json:"control_sum"`
	Batches       []Batch `json:"batches"`
}
