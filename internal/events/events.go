// Package events is the one place that defines the choreography's contracts: every topic,
// its payload, who publishes it and who consumes it. docs/events.md is generated from
// Catalog (go run ./cmd/eventdoc) and a test keeps the two identical.
package events

import (
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// Topics. A topic is published by exactly one app (enforced by the pub/sub component's
// publishingScopes) and consumed by any number.
const (
	// BlobCreated announces a new blob in File A Storage (blobevent.CloudEvent). Event
	// Grid publishes it in Azure; InboxWatch and `choreo upload` play Event Grid locally.
	BlobCreated   = "blob.created"
	FileReceived  = "file.received"
	FileValidated = "file.validated"
	FileRejected  = "file.rejected"
	FileAdapted   = "file.adapted"
	FileCreated   = "file.created"
	// FileFailed starts compensation: every step undoes what it did for the file.
	FileFailed = "file.failed"
	// DeadLetterKeeper receives what the keeper itself could not handle; a person reads
	// it (redis-cli XRANGE deadletter.keeper - +) and it is logged at ERROR.
	DeadLetterKeeper = "deadletter.keeper"
)

// InboxWatch is the local stand-in for Event Grid: it watches the inbox folder and
// publishes blob.created (apps/inbox-watch).
const InboxWatch = "inbox-watch"

// Tracker is the observer: it consumes every file event and publishes none.
const Tracker = "tracker"

// Version is the payload version of every event in this package. A breaking change gets
// a new version and, while both live, a new CloudEvent type.
const Version = 1

// Type is the CloudEvent type of a topic's events, e.g. "paychoreo.file.received.v1".
func Type(topic string) string { return "paychoreo." + topic + ".v1" }

// EventID is the deterministic CloudEvent id of the event a stage emits for a file.
// Redeliveries and retried publishes carry the same id, so consumers can recognise them.
func EventID(fileID, topic string) string { return fileID + "/" + topic }

// DeadLetterTopic is where a consumer's messages of a topic go once its retries are
// spent: the consumer's own dead-letter topic, read by the keeper (intake); the keeper's
// subscriptions to dead-letter topics end in DeadLetterKeeper, so nothing loops.
func DeadLetterTopic(consumer, topic string) string {
	if PubSubOf(topic) == OrdersPubSub { // the orders bus: one dead-letter topic per consumer
		return OrderDeadLetterPrefix + consumer
	}
	if consumer == Tracker { // an observer's failures concern no file: a person looks
		return "deadletter." + consumer
	}
	if strings.HasPrefix(topic, "deadletter.") {
		return DeadLetterKeeper
	}
	return "deadletter." + consumer
}

// FileRef identifies a file on its journey. Events carry references, never contents.
type FileRef struct {
	FileID string `json:"file_id"`
	Blob   string `json:"blob"`   // File A name in the inbox binding
	Size   int64  `json:"size"`   // bytes
	SHA256 string `json:"sha256"` // hex of File A's content
}

// Received is announced by intake once it has claimed a new File A.
type Received struct {
	FileRef
	ReceivedAt string `json:"received_at"` // RFC 3339
}

// Validated says File A passed every rule; Canonical names the staged canonical form.
type Validated struct {
	FileRef
	SenderID      string         `json:"sender_id"`
	FileReference string         `json:"file_reference"`
	NbOfTxs       int            `json:"nb_of_txs"`
	ControlSum    payment.Amount `json:"control_sum"`
	Canonical     string         `json:"canonical"` // staging binding blob
	// RefdataVersion is the reference-data version the validator checked the file
	// against (choreo refdata history); carried on by the adaptor and the creator.
	RefdataVersion string `json:"refdata_version,omitempty"`
}

// Violation is one broken rule: line (0 = whole file), field and a stable reason code.
type Violation struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// EndToEndID is the end_to_end_id of the detail line the violation belongs to, when
	// that line has a readable one: the reporter's pain.002 gives it a transaction status.
	EndToEndID string `json:"end_to_end_id,omitempty"`
}

// MaxViolationsInEvent caps the list carried by a rejection; the report has them all.
const MaxViolationsInEvent = 100

// Rejected says File A broke business rules. It is final and never retried.
type Rejected struct {
	FileRef
	SenderID       string      `json:"sender_id,omitempty"`
	FileReference  string      `json:"file_reference,omitempty"`
	ViolationCount int         `json:"violation_count"`
	Violations     []Violation `json:"violations"` // first MaxViolationsInEvent
	Report         string      `json:"report"`     // rejected binding blob
	// RefdataVersion is the reference-data version the validator checked the file
	// against (choreo refdata history); empty when
	// the file was rejected before its sender was looked up.
	RefdataVersion string `json:"refdata_version,omitempty"`
}

// Adapted says the canonical form was grouped into payment batches, staged as Batches.
type Adapted struct {
	FileRef
	SenderID      string         `json:"sender_id"`
	FileReference string         `json:"file_reference"`
	NbOfTxs       int            `json:"nb_of_txs"`
	ControlSum    payment.Amount `json:"control_sum"`
	BatchCount    int            `json:"batch_count"`
	Batches       string         `json:"batches"` // staging binding blob
	// RefdataVersion is the reference-data version the validator checked the file
	// against (choreo refdata history); carried on by the adaptor and the creator.
	RefdataVersion string `json:"refdata_version,omitempty"`
}

// Created says File B was written. It is final.
type Created struct {
	FileRef
	SenderID      string         `json:"sender_id"`
	FileReference string         `json:"file_reference"`
	NbOfTxs       int            `json:"nb_of_txs"`
	ControlSum    payment.Amount `json:"control_sum"`
	MsgID         string         `json:"msg_id"`
	FileB         string         `json:"file_b"` // outbox binding blob
	// FileBSHA256 is the hex SHA-256 of File B as written: the evidence record keeps it.
	FileBSHA256 string `json:"file_b_sha256,omitempty"`
	// RefdataVersion is the reference-data version the validator checked the file
	// against (choreo refdata history); carried on by the adaptor and the creator.
	RefdataVersion string `json:"refdata_version,omitempty"`
}

// Failed says a step failed for good on a file (its event was dead-lettered): every step
// undoes what it did for the file, and intake moves File A to quarantine with Reason.
type Failed struct {
	FileRef
	Stage        string `json:"stage"`          // the consumer that failed
	Topic        string `json:"topic"`          // the event it failed on
	EventID      string `json:"event_id"`       // that event's id
	Reason       string `json:"reason"`         // its last error
	DeadLetterID string `json:"dead_letter_id"` // see choreo deadletters show
}

// DeadLetter is what arrives on a dead-letter topic: the original CloudEvent (same id),
// whose payload is any of the events above.
type DeadLetter struct {
	FileRef
}
