// Package procstat reads what the benchmark reports about a process from Linux's /proc:
// CPU time (user + system) and peak resident memory (VmHWM), and resets the peak so
// that each workload gets its own.
package procstat

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is USER_HZ, the unit of utime and stime in /proc/<pid>/stat: 100 on every
// Linux architecture Go supports (getconf CLK_TCK).
const clockTick = 100

// CPU is the process's user + system time so far.
func CPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces: count fields
	// from the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("procstat: malformed /proc/%d/stat", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	// After the name: state(3) ppid(4) ... utime(14) stime(15): indexes 11 and 12 here.
	if len(f) < 13 {
		return 0, fmt.Errorf("procstat: short /proc/%d/stat", pid)
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("procstat: /proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	return time.Duration(u+s) * time.Second / clockTick, nil
}

// Memory is a process's resident set now and at its peak, in bytes, and of the
// resident set now the part backed by files (mostly the process's own binary).
type Memory struct {
	RSS, Peak, File int64
}

// Mem reads VmRSS and VmHWM from /proc/<pid>/status.
func Mem(pid int) (Memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	var m Memory
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var dst *int64
		switch k {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.Peak
		case "RssFile":
			dst = &m.File
		default:
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return m, fmt.Errorf("procstat: /proc/%d/status %s: %w", pid, k, err)
		}
		*dst = kb << 10
	}
	return m, nil
}

// ResetPeak makes VmHWM start again from the current resident set (Linux 4.0+,
// clear_refs "5"), so the next reading is the peak of what happens from now on.
func ResetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// Proc is one process the benchmark watches.
type Proc struct {
	Name string // e.g. "validator", "validator-dapr", "redis", "placement"
	Kind string // "app", "sidecar", "broker", "control-plane"
	Pid  int
}

// Sample is CPU so far of each process, to subtract from a later sample.
type Sample map[int]time.Duration

// Take reads the CPU time of every process; a process that has gone reads as 0.
func Take(procs []Proc) Sample {
	s := Sample{}
	for _, p := range procs {
		s[p.Pid], _ = CPU(p.Pid)
	}
	return s
}
