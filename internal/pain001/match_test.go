package pain001

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/payment"
)

// assertMatches compares every rendered field with the batches it came from. Amounts
// are compared as text with Amount.String, so the exact figures are checked too.
func assertMatches(t *testing.T, doc document, b *payment.Batches) {
	t.Helper()
	msgID := MsgID(b.Sender.ID, b.FileReference)
	h := doc.GrpHdr
	if h.MsgID != msgID || h.CreDtTm != "2026-11-25T08:00:05+01:00" || h.InitgID != b.Sender.ID ||
		h.NbOfTxs != strconv.Itoa(b.NbOfTxs) || h.CtrlSum != b.ControlSum.String() {
		t.Errorf("GrpHdr %+v does not match %s/%d/%s", h, msgID, b.NbOfTxs, b.ControlSum)
	}
	if len(doc.PmtInf) != len(b.Batches) {
		t.Fatalf("%d PmtInf, want %d", len(doc.PmtInf), len(b.Batches))
	}
	for i, p := range doc.PmtInf {
		bt := &b.Batches[i]
		want := pmtInf{PmtInfID: pmtInfID(msgID, i), PmtMtd: "TRF", NbOfTxs: strconv.Itoa(len(bt.Payments)),
			CtrlSum: bt.ControlSum.String(), SvcLvl: "SEPA", Date: bt.ExecutionDate, DbtrNm: partyName(b.Sender),
			DbtrIBAN: bt.DebtorIBAN, DbtrAgtID: "NOTPROVIDED", ChrgBr: "SLEV"}
		txs := p.Tx
		p.Tx = nil
		if !reflect.DeepEqual(p, want) {
			t.Errorf("PmtInf %d:\n got %+v\nwant %+v", i, p, want)
		}
		assertTxs(t, txs, bt.Payments)
	}
}

func assertTxs(t *testing.T, txs []tx, ps []payment.Payment) {
	t.Helper()
	if len(txs) != len(ps) {
		t.Fatalf("%d CdtTrfTxInf, want %d", len(txs), len(ps))
	}
	for i, x := range txs {
		p := &ps[i]
		if x.EndToEndID != p.EndToEndID || x.Amt.Ccy != "EUR" || x.Amt.Value != p.Amount.String() ||
			x.CdtrNm != converted(t, p.CreditorName) || x.IBAN != p.CreditorIBAN ||
			!optional(x.BIC, p.CreditorBIC) || !optional(x.Ustrd, converted(t, p.RemittanceInfo)) {
			t.Errorf("CdtTrfTxInf %s does not match line %d: %+v", x.EndToEndID, p.Line, x)
		}
	}
}

// converted is s as File B carries it: converted into the EPC basic set.
func converted(t *testing.T, s string) string {
	t.Helper()
	out, bad := epc.Convert(s)
	if bad != nil {
		t.Fatalf("%q has characters without a conversion: %U", s, bad)
	}
	return out
}

// optional reports whether an optional element is absent exactly when want is empty,
// and holds want otherwise.
func optional(got *string, want string) bool {
	if got == nil {
		return want == ""
	}
	return want != "" && *got == want
}
