// Package userauth lets people, and only people who logged in, read payment data over
// HTTP: the tracker's page, its API and the files it serves (File B, rejection reports,
// pain.002). Routes the Dapr sidecar calls are not its concern (internal/step checks the
// sidecar's token there).
//
// Two ways to log in, one per place the app runs:
//   - token (the default, on a workstation): a login secret the run generates,
//     CHOREO_TRACKER_TOKEN, sent as HTTP Basic auth (any user name, the secret as
//     password; what a browser asks for) or as "Authorization: Bearer <secret>" (choreo,
//     scripts). Never in the URL.
//   - easyauth (Azure Container Apps): the platform's built-in authentication signs
//     people in with Microsoft Entra ID before a request reaches the app and passes who
//     they are in X-MS-CLIENT-PRINCIPAL headers. Only there may those headers be
//     believed: on a port anyone reaches directly they are whatever the caller wrote.
package userauth

import (
	"fmt"
	"strings"
)

// Environment variables.
const (
	// ModeEnv picks how people log in: "token" (default) or "easyauth".
	ModeEnv = "CHOREO_USER_AUTH"
	// TokenEnv holds the login secret in token mode.
	TokenEnv = "CHOREO_TRACKER_TOKEN"
)

// Modes of ModeEnv.
const (
	ModeToken    = "token"
	ModeEasyAuth = "easyauth"
)

// MinTokenLen keeps a login secret out of guessing range (make run's has 32 hex digits).
const MinTokenLen = 16

// Config is how the app knows people.
type Config struct {
	Mode  string
	Token string // token mode only; empty: nobody gets in
}

// FromEnv reads the configuration. An unknown mode or a short secret is an error; a
// missing secret is not (the app still records every file; its page and API then let
// nobody in, and Check says why).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{Mode: strings.TrimSpace(getenv(ModeEnv)), Token: getenv(TokenEnv)}
	if c.Mode == "" {
		c.Mode = ModeToken
	}
	switch {
	case c.Mode != ModeToken && c.Mode != ModeEasyAuth:
		return c, fmt.Errorf("%s=%q: want %q (a login secret in %s) or %q (behind Azure Container Apps' authentication)",
			ModeEnv, c.Mode, ModeToken, TokenEnv, ModeEasyAuth)
	case c.Mode == ModeToken && c.Token != "" && len(c.Token) < MinTokenLen:
		return c, fmt.Errorf("%s is shorter than %d characters (make run generates one; or openssl rand -hex 16)", TokenEnv, MinTokenLen)
	}
	return c, nil
}

// Warning is what to tell the operator at start about a configuration that locks
// everyone out, or "" when people can log in.
func (c Config) Warning() string {
	if c.Mode == ModeToken && c.Token == "" {
		return TokenEnv + " is not set: the page, API and outputs refuse everyone (make run sets it; or export " +
			TokenEnv + "=$(openssl rand -hex 16) before starting)"
	}
	return ""
}
