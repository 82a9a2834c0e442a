package testpipe

// AllLogs returns everything every process of the pipeline wrote (each app and each
// sidecar, every replica set), for a test that looks for what must never be logged.
func (p *Pipeline) AllLogs() string { return p.logs.String() }
