package launch

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
)

// A taken port is named with what holds it: here, this test process.
func TestPortTakenNamesTheHolder(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	msg := portTaken("creator", "dapr gRPC", port, errors.New("bind: address already in use")).Error()
	for _, want := range []string{
		fmt.Sprintf("creator: dapr gRPC port %d is already in use by pid %d (", port, os.Getpid()),
		fmt.Sprintf("kill %d", os.Getpid()), "--port-offset",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// A port nobody holds has no holder (and the message says how to look).
func TestPortHolderOfAFreePort(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	if _, who := portHolder(port); who != "" {
		t.Errorf("free port %d held by %q", port, who)
	}
	if msg := portTaken("a", "app", port, errors.New("x")).Error(); !strings.Contains(msg, fmt.Sprintf("ss -ltnp 'sport = :%d'", port)) {
		t.Errorf("no way to look named: %s", msg)
	}
}
