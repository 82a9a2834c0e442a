package pain001

import "encoding/xml"

// document is the part of File B the tests read back with encoding/xml.
type document struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09 Document"`
	GrpHdr  struct {
		MsgID   string `xml:"MsgId"`
		CreDtTm string `xml:"CreDtTm"`
		NbOfTxs string `xml:"NbOfTxs"`
		CtrlSum string `xml:"CtrlSum"`
		InitgNm string `xml:"InitgPty>Nm"`
		InitgID string `xml:"InitgPty>Id>OrgId>Othr>Id"`
	} `xml:"CstmrCdtTrfInitn>GrpHdr"`
	PmtInf []pmtInf `xml:"CstmrCdtTrfInitn>PmtInf"`
}

type pmtInf struct {
	PmtInfID  string `xml:"PmtInfId"`
	PmtMtd    string `xml:"PmtMtd"`
	NbOfTxs   string `xml:"NbOfTxs"`
	CtrlSum   string `xml:"CtrlSum"`
	SvcLvl    string `xml:"PmtTpInf>SvcLvl>Cd"`
	Date      string `xml:"ReqdExctnDt>Dt"`
	DbtrNm    string `xml:"Dbtr>Nm"`
	DbtrIBAN  string `xml:"DbtrAcct>Id>IBAN"`
	DbtrAgtID string `xml:"DbtrAgt>FinInstnId>Othr>Id"`
	ChrgBr    string `xml:"ChrgBr"`
	Tx        []tx   `xml:"CdtTrfTxInf"`
}

type tx struct {
	EndToEndID string `xml:"PmtId>EndToEndId"`
	Amt        struct {
		Ccy   string `xml:"Ccy,attr"`
		Value string `xml:",chardata"`
	} `xml:"Amt>InstdAmt"`
	BIC    *string `xml:"CdtrAgt>FinInstnId>BICFI"`
	CdtrNm string  `xml:"Cdtr>Nm"`
	IBAN   string  `xml:"CdtrAcct>Id>IBAN"`
	Ustrd  *string `xml:"RmtInf>Ustrd"`
}
