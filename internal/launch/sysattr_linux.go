package launch

import "syscall"

// Setpgid gives each process its own group, which Stop and Kill signal as a whole.
// Pdeathsig kills the direct child if the launcher itself dies (a test binary that times
// out, a kill -9), so no sidecar is left holding the ports of the next run.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
