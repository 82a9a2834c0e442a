package launch

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// portHolder names the process that holds a local TCP port ("pid 4242 (daprd --app-id
// creator ...)"), from /proc/net/tcp{,6} (the socket's inode) and /proc/<pid>/fd (who has
// it open). Empty when /proc has no answer: not Linux, or the socket belongs to a process
// of another user, whose fds we cannot read.
func portHolder(port int) (pid, desc string) {
	inodes := socketInodes(port)
	if len(inodes) == 0 {
		return "", ""
	}
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range fds {
		link, err := os.Readlink(fd)
		if err != nil || !strings.HasPrefix(link, "socket:[") {
			continue
		}
		if inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] {
			pid := strings.Split(fd, "/")[2]
			return pid, fmt.Sprintf("pid %s (%s)", pid, commandLine(pid))
		}
	}
	return "", ""
}

// socketInodes are the inodes of the TCP sockets bound to port, listening or not.
func socketInodes(port int) map[string]bool {
	hexPort := fmt.Sprintf(":%04X", port)
	out := map[string]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			cols := strings.Fields(sc.Text())
			if len(cols) > 9 && strings.HasSuffix(cols[1], hexPort) && cols[9] != "0" {
				out[cols[9]] = true
			}
		}
		f.Close()
	}
	return out
}

// commandLine is the process's command line, shortened for one line of an error message.
func commandLine(pid string) string {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
	if err != nil || len(b) == 0 {
		return "command unknown"
	}
	cmd := strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
	if len(cmd) > 100 {
		cmd = cmd[:100] + "…"
	}
	return cmd
}

// portTaken explains a taken port and the ways out.
func portTaken(appID, name string, port int, err error) error {
	pid, who := portHolder(port)
	stop := "kill " + pid
	if pid == "" {
		who, stop = "another process", "find it with: ss -ltnp 'sport = :"+strconv.Itoa(port)+"'"
	}
	return fmt.Errorf("launch: %s: %s port %d is already in use by %s; stop it (%s; a run left over? Ctrl-C that one), "+
		"or run bin/launch beside it with --port-offset N: %w", appID, name, port, who, stop, err)
}
