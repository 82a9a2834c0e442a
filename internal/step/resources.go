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
	Claims   = "claims"   // intake's state: which files were claimed and announced
	RefData  = "refdata"  // the validator's reference table
	ScanCron = "scan-inbox"
)
