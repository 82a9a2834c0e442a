// Package pain001 writes File B: the SEPA credit transfer initiation (ISO 20022
// pain.001.001.09, EPC SCT customer-to-bank 2023 profile) for one accepted payment
// file, and names it.
//
// Every text element (the names, the remittance information) is converted into the EPC
// basic character set of SEPA by internal/epc's one documented table
// (docs/epc-charset.md): the XSD accepts any character, a bank's gateway does not.
// Identifiers and codes are written as they are: their rules keep them inside the set.
// CheckCharset checks a rendered File B.
package pain001

import (
	"fmt"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/payment"
)

const (
	namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
	prolog    = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Document xmlns="` + namespace + `">` + "\n"
	// creDtTm is ISODateTime (xs:dateTime) to the second, with the offset of created.
	creDtTm = "2006-01-02T15:04:05Z07:00"
)

// Render writes the pain.001.001.09 document for b to w: one PmtInf per batch and one
// CdtTrfTxInf per payment, both in order. created becomes GrpHdr/CreDtTm; pass a fixed
// time to get the same bytes for the same input.
//
// Render checks b against every XSD restriction it relies on before writing anything:
// it returns an error wrapping ErrInvalid with nothing written, or a schema-valid
// document. It streams, so memory does not depend on the number of payments.
func Render(w io.Writer, b *payment.Batches, created time.Time) error {
	if err := check(b, created); err != nil {
		return err
	}
	x := newWriter(w)
	msgID := MsgID(b.Sender.ID, b.FileReference)
	name := partyName(b.Sender)
	x.raw(prolog)
	x.depth = 1 // inside <Document>, whose start tag carries the namespace
	x.open("CstmrCdtTrfInitn")
	groupHeader(x, b, msgID, name, created)
	for i := range b.Batches {
		paymentInfo(x, &b.Batches[i], pmtInfID(msgID, i), name)
	}
	x.close("CstmrCdtTrfInitn")
	x.raw("</Document>\n")
	if err := x.flush(); err != nil {
		return fmt.Errorf("pain001: write: %w", err)
	}
	return nil
}

// partyName is InitgPty/Nm and Dbtr/Nm: the sender's registered name converted into the
// EPC basic set and cut to the 70 characters the EPC profile allows. The reference table
// has no length or character rule, and a long or odd legal name must not block every
// file of its sender. Dbtr/Nm is mandatory, so a sender without a name, or with one that
// has no conversion, is named by its id.
func partyName(s payment.Sender) string {
	name, bad := epc.Convert(s.Name)
	if name == "" || bad != nil {
		return s.ID
	}
	return Prefix(name, maxName)
}

func groupHeader(x *writer, b *payment.Batches, msgID, name string, created time.Time) {
	x.open("GrpHdr")
	x.leaf("MsgId", msgID)
	x.leaf("CreDtTm", created.Format(creDtTm))
	x.count("NbOfTxs", b.NbOfTxs)
	x.amount("CtrlSum", "", b.ControlSum)
	x.open("InitgPty")
	x.text("Nm", name)
	x.chain(b.Sender.ID, "Id", "OrgId", "Othr", "Id")
	x.close("InitgPty")
	x.close("GrpHdr")
}
