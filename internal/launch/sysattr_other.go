//go:build unix && !linux

package launch

import "syscall"

// Setpgid gives each process its own group, which Stop and Kill signal as a whole.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
