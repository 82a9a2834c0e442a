package pain001

import "github.com/paychoreo/choreography/internal/payment"

// paymentInfo writes one PmtInf. BtchBookg is left out: whether a batch is booked as
// one entry is the customer's agreement with the bank, not something File A states.
// ChrgBr SLEV sits here, once, as the EPC profile recommends, not on each transaction.
func paymentInfo(x *writer, bt *payment.Batch, id, debtor string) {
	x.open("PmtInf")
	x.leaf("PmtInfId", id)
	x.leaf("PmtMtd", "TRF")
	x.count("NbOfTxs", len(bt.Payments))
	x.amount("CtrlSum", "", bt.ControlSum)
	x.chain("SEPA", "PmtTpInf", "SvcLvl", "Cd")
	x.chain(bt.ExecutionDate, "ReqdExctnDt", "Dt")
	x.chainText(debtor, "Dbtr", "Nm")
	x.chain(bt.DebtorIBAN, "DbtrAcct", "Id", "IBAN")
	// File A carries no debtor BIC; EPC practice then names the agent NOTPROVIDED.
	x.chain("NOTPROVIDED", "DbtrAgt", "FinInstnId", "Othr", "Id")
	x.leaf("ChrgBr", "SLEV")
	for i := range bt.Payments {
		transaction(x, &bt.Payments[i])
	}
	x.close("PmtInf")
}

// transaction writes one CdtTrfTxInf. Optional elements appear only with a value:
// the EPC schema types CdtrAgt/FinInstnId as a mandatory BICFI, and Ustrd as 1-140.
func transaction(x *writer, p *payment.Payment) {
	x.open("CdtTrfTxInf")
	x.chain(p.EndToEndID, "PmtId", "EndToEndId")
	x.open("Amt")
	x.amount("InstdAmt", ` Ccy="EUR"`, p.Amount)
	x.close("Amt")
	if p.CreditorBIC != "" {
		x.chain(p.CreditorBIC, "CdtrAgt", "FinInstnId", "BICFI")
	}
	x.chainText(p.CreditorName, "Cdtr", "Nm")
	x.chain(p.CreditorIBAN, "CdtrAcct", "Id", "IBAN")
	if p.RemittanceInfo != "" {
		x.chainText(p.RemittanceInfo, "RmtInf", "Ustrd")
	}
	x.close("CdtTrfTxInf")
}
