package launch

// Process is one app or sidecar of a run, for tools that watch them from outside (the
// benchmark reads their CPU time and peak memory from /proc).
type Process struct {
	AppID string
	Kind  Which  // App or Sidecar
	Name  string // the log prefix: "<app id>" or "<app id>-dapr"
	Pid   int    // 0 when the process is not running
}

// Processes lists every app and sidecar of the run, in the run file's order, each with
// the pid of its current run.
func (r *Run) Processes() []Process {
	var out []Process
	for _, ar := range r.apps {
		for _, p := range []*proc{ar.app, ar.sidecar} {
			pid := 0
			if p.exited() != nil && p.running() {
				pid = p.pid()
			}
			out = append(out, Process{AppID: ar.info.ID, Kind: p.kind, Name: p.name, Pid: pid})
		}
	}
	return out
}
