// Package step is the library every app of the choreography is built on: configuration,
// logging, the HTTP surface Dapr calls (subscriptions, input bindings, health), the
// mapping of a handler's result to a Dapr message status, and typed access to the
// sidecar (publish, blob bindings, state). Step code never sees Dapr's wire formats.
package step

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Config is what every app reads from its environment. The Dapr CLI and bin/launch set
// APP_PORT, DAPR_HTTP_PORT and DAPR_GRPC_PORT; the tokens are set by whoever starts the pair.
type Config struct {
	AppID   string
	AppPort int
	// ListenAddr is the address the app listens on (CHOREO_LISTEN_ADDR). Locally the
	// loopback, where only the sidecar beside it reaches the app; in a container all
	// interfaces (0.0.0.0), because Container Apps' probes and ingress come to the
	// replica's own address, not to its loopback. The token checks are the same on both.
	ListenAddr   string
	DaprGRPCPort int
	// DaprHTTPPort is the sidecar's HTTP API, used for blobs: over HTTP a blob's body
	// streams, over gRPC it is one message held whole on both sides.
	DaprHTTPPort int
	// AppToken is the token the sidecar presents to the app (APP_API_TOKEN).
	AppToken string
	// DaprToken is the token the app presents to the sidecar (DAPR_API_TOKEN).
	DaprToken string
	// Insecure allows running without tokens; for experiments only, and said loudly.
	Insecure bool
	LogLevel string
}

// LoadConfig reads the configuration and reports every problem at once.
func LoadConfig(appID string, defaultPort int, getenv func(string) string) (Config, error) {
	c := Config{AppID: appID, LogLevel: or(getenv("LOG_LEVEL"), "info")}
	var errs []error
	c.AppPort = intEnv(getenv, "APP_PORT", defaultPort, &errs)
	c.ListenAddr = listenAddr(getenv, &errs)
	c.DaprGRPCPort = intEnv(getenv, "DAPR_GRPC_PORT", 50001, &errs)
	c.DaprHTTPPort = intEnv(getenv, "DAPR_HTTP_PORT", 3500, &errs)
	c.AppToken, c.DaprToken = getenv("APP_API_TOKEN"), getenv("DAPR_API_TOKEN")
	c.Insecure = getenv("CHOREO_INSECURE") == "true"
	if !c.Insecure && (c.AppToken == "" || c.DaprToken == "") {
		errs = append(errs, errors.New("APP_API_TOKEN and DAPR_API_TOKEN must be set so that the app "+
			"and its sidecar authenticate each other (e.g. export APP_API_TOKEN=$(openssl rand -hex 16)); "+
			"CHOREO_INSECURE=true runs without them"))
	}
	return c, errors.Join(errs...)
}

// DefaultListenAddr is where an app listens unless CHOREO_LISTEN_ADDR says otherwise.
const DefaultListenAddr = "127.0.0.1"

func listenAddr(getenv func(string) string, errs *[]error) string {
	v := strings.TrimSpace(getenv("CHOREO_LISTEN_ADDR"))
	if v == "" {
		return DefaultListenAddr
	}
	if net.ParseIP(v) == nil {
		*errs = append(*errs, fmt.Errorf("CHOREO_LISTEN_ADDR=%q is not an IP address "+
			"(127.0.0.1: the sidecar only; 0.0.0.0: every interface, as in a container)", v))
		return DefaultListenAddr
	}
	return v
}

func intEnv(getenv func(string) string, key string, def int, errs *[]error) int {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 65535 {
		*errs = append(*errs, fmt.Errorf("%s=%q is not a port number", key, v))
		return def
	}
	return n
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
