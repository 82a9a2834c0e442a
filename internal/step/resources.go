package step

// Names of the Dapr components the apps use. They are the contract between the code and
// the component YAML of every profile (components/<profile>/): swapping the broker or the
// storage changes the YAML behind these names, never the names or the code.
const (
	PubSub   = "pubsub"   // the broker every event travels on
	Inbox    = "inbox"    // File A Storage: where payment files land
	Rejected = "rejected" // rejected File A with their reports
	Archive  = "archive"  // File A of files that produced a File B
	Staging  = "staging"  // canonical forms and batches between steps
	Outbox   = "outbox"   // File B Storage: pain.001 for downstream systems
	RefData  = "refdata"  // the validator's reference table
	// AppState is each app's private state (keys prefixed with the app id, shared by its
	// replicas): handled-event marks, intake's claims, the validator's reservations.
	AppState = "appstate"
	// DeadLetters holds what a person needs to act on a dead letter, shared by all apps.
	DeadLetters = "deadletters"
	Quarantine  = "quarantine" // File A of compensated files, with the failure reason
	// ScanCron triggers intake's reconciliation scan where File A Storage is a blob
	// service (files arrive as blob.created events; the scan catches lost ones).
	ScanCron = "scan-inbox"
)
