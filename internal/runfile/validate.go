package runfile

import (
	"fmt"
	"strings"
)

// Protocols daprd accepts for --app-protocol.
var protocols = map[string]bool{"http": true, "https": true, "grpc": true, "grpcs": true, "h2c": true}

// validate checks what the launcher needs beyond the CLI's own checks: a command for every
// app (the CLI only warns and runs a lone sidecar), unique app ids, and ports that do not
// collide within the file (the CLI finds a clash only when the second daprd fails to bind).
func (f *File) validate() []error {
	var errs []error
	if f.Version == 0 {
		errs = append(errs, fmt.Errorf("required field version is missing"))
	}
	if len(f.Apps) == 0 {
		errs = append(errs, fmt.Errorf("no apps: the apps list is empty"))
	}
	ids := map[string]int{}
	ports := map[int]string{}
	for i := range f.Apps {
		a := &f.Apps[i]
		label := appLabel(i, a)
		errs = append(errs, validateApp(a, label)...)
		if j, dup := ids[a.AppID]; dup && a.AppID != "" {
			errs = append(errs, fmt.Errorf("%s: appID %q is already used by apps[%d]", label, a.AppID, j))
		}
		ids[a.AppID] = i
		for _, p := range a.namedPorts() {
			errs = append(errs, checkPort(ports, label, p.name, p.port)...)
		}
	}
	return errs
}

func validateApp(a *App, label string) []error {
	var errs []error
	if len(a.Command) == 0 || strings.TrimSpace(a.Command[0]) == "" {
		errs = append(errs, fmt.Errorf("%s: command is missing (the launcher runs an app with every sidecar)", label))
	}
	if a.UnixDomainSocket != "" {
		errs = append(errs, fmt.Errorf("%s: unixDomainSocket is not supported by the launcher", label))
	}
	if p := strings.ToLower(a.AppProtocol); p != "" && !protocols[p] {
		errs = append(errs, fmt.Errorf("%s: appProtocol %q is not one of http, https, grpc, grpcs, h2c", label, a.AppProtocol))
	}
	return errs
}

type namedPort struct {
	name string
	port int
}

// namedPorts lists the app's fixed ports by their field names; 0 means "pick a free one".
func (a *App) namedPorts() []namedPort {
	return []namedPort{
		{"appPort", a.AppPort}, {"daprHTTPPort", a.DaprHTTPPort}, {"daprGRPCPort", a.DaprGRPCPort},
		{"metricsPort", a.MetricsPort}, {"daprInternalGRPCPort", a.DaprInternalGRPCPort},
		{"profilePort", a.ProfilePort},
	}
}

func checkPort(seen map[int]string, label, name string, port int) []error {
	if port == 0 {
		return nil
	}
	if port < 0 || port > 65535 {
		return []error{fmt.Errorf("%s: %s %d is not a port number", label, name, port)}
	}
	where := label + " " + name
	if other, dup := seen[port]; dup {
		return []error{fmt.Errorf("%s: port %d is also %s", where, port, other)}
	}
	seen[port] = where
	return nil
}
