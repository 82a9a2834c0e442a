package pain002

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// Namespace is pain.002.001.10's.
const Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"

// creDtTm is ISODateTime to the second, in UTC.
const creDtTm = "2006-01-02T15:04:05Z07:00"

// The document, element by element in the schema's order (encoding/xml writes fields in
// order and escapes every text).
type (
	xDocument struct {
		XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10 Document"`
		Report  xReport  `xml:"CstmrPmtStsRpt"`
	}
	xReport struct {
		GrpHdr  xGroupHeader `xml:"GrpHdr"`
		Group   xGroup       `xml:"OrgnlGrpInfAndSts"`
		PmtInfs []xPmtInf    `xml:"OrgnlPmtInfAndSts"`
	}
	xGroupHeader struct {
		MsgID   string `xml:"MsgId"`
		CreDtTm string `xml:"CreDtTm"`
	}
	xGroup struct {
		OrgnlMsgID   string    `xml:"OrgnlMsgId"`
		OrgnlMsgNmID string    `xml:"OrgnlMsgNmId"`
		OrgnlNbOfTxs string    `xml:"OrgnlNbOfTxs,omitempty"`
		OrgnlCtrlSum string    `xml:"OrgnlCtrlSum,omitempty"`
		GrpSts       string    `xml:"GrpSts"`
		Reasons      []xReason `xml:"StsRsnInf"`
		PerStatus    []xCount  `xml:"NbOfTxsPerSts"`
	}
	xReason struct {
		Rsn      *xRsn    `xml:"Rsn,omitempty"`
		AddtlInf []string `xml:"AddtlInf"`
	}
	xRsn struct {
		Cd string `xml:"Cd"`
	}
	xCount struct {
		DtldNbOfTxs string `xml:"DtldNbOfTxs"`
		DtldSts     string `xml:"DtldSts"`
		DtldCtrlSum string `xml:"DtldCtrlSum,omitempty"`
	}
	xPmtInf struct {
		OrgnlPmtInfID string `xml:"OrgnlPmtInfId"`
		PmtInfSts     string `xml:"PmtInfSts"`
		Txs           []xTx  `xml:"TxInfAndSts"`
	}
	xTx struct {
		OrgnlEndToEndID string    `xml:"OrgnlEndToEndId"`
		TxSts           string    `xml:"TxSts"`
		Reasons         []xReason `xml:"StsRsnInf"`
	}
)

// Render writes the report as a pain.002.001.10 document: the same report, the same bytes.
func (r Report) Render() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(r.document()); err != nil {
		return nil, fmt.Errorf("pain002: render report of %s: %w", r.FileID, err)
	}
	b.WriteString("\n")
	return unquote(b.Bytes()), nil
}

// unquote writes quotes as themselves: encoding/xml escapes them in text, where XML does
// not need it (the only attribute, xmlns, holds none), and people read these texts. An
// escaped "&#34;" can only come from a quote: a text's own "&" is written "&amp;".
func unquote(doc []byte) []byte {
	doc = bytes.ReplaceAll(doc, []byte("&#34;"), []byte(`"`))
	return bytes.ReplaceAll(doc, []byte("&#39;"), []byte("'"))
}

func (r Report) document() xDocument {
	g := xGroup{OrgnlMsgID: r.OrgnlMsgID, OrgnlMsgNmID: MsgNameID, OrgnlCtrlSum: r.OrgnlCtrlSum,
		GrpSts: r.Status, Reasons: reasons(r.Reasons)}
	if r.OrgnlNbOfTxs > 0 {
		g.OrgnlNbOfTxs = itoa(r.OrgnlNbOfTxs)
		if r.Status == AcceptedCustomerProfile {
			g.PerStatus = []xCount{{DtldNbOfTxs: g.OrgnlNbOfTxs, DtldSts: r.Status, DtldCtrlSum: r.OrgnlCtrlSum}}
		}
	}
	doc := xDocument{Report: xReport{
		GrpHdr: xGroupHeader{MsgID: r.MsgID, CreDtTm: r.Created.UTC().Format(creDtTm)},
		Group:  g,
	}}
	if len(r.Transactions) > 0 {
		// The payment file has no payment-information blocks: its transactions form one,
		// named by the original message id.
		p := xPmtInf{OrgnlPmtInfID: r.OrgnlMsgID, PmtInfSts: r.Status}
		for _, t := range r.Transactions {
			p.Txs = append(p.Txs, xTx{OrgnlEndToEndID: t.EndToEndID, TxSts: t.Status, Reasons: reasons(t.Reasons)})
		}
		doc.Report.PmtInfs = []xPmtInf{p}
	}
	return doc
}

func reasons(rs []Reason) []xReason {
	var out []xReason
	for _, r := range rs {
		x := xReason{}
		for _, s := range r.Info { // a safety net: the builders cut their texts already
			x.AddtlInf = append(x.AddtlInf, chunks(s, len(s))...)
		}
		if r.Code != "" {
			x.Rsn = &xRsn{Cd: r.Code}
		}
		out = append(out, x)
	}
	return out
}
