package deploy

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/userauth"
)

// TestPeopleSignIn: the apps that serve people payment data (the tracker) are marked in
// the generated file, and the Bicep puts Container Apps' authentication with Entra ID in
// front of them, tells them so (CHOREO_USER_AUTH=easyauth, the only setting under which
// they believe the platform's principal headers), and keeps the client secret out of
// every file: a secure parameter with no value, passed by azd from its environment.
func TestPeopleSignIn(t *testing.T) {
	_, _, _, aca := loadAll(t)
	if servesPeople[events.Tracker] == "" {
		t.Error("the tracker serves File B, reports and rejection reasons to people: it belongs in servesPeople")
	}
	for _, a := range aca.Apps {
		if a.SignIn != (servesPeople[a.AppID] != "") {
			t.Errorf("%s: signIn %v in %s, servesPeople says %q", a.AppID, a.SignIn, ACAPath, servesPeople[a.AppID])
		}
	}
	mustContain(t, "infra/modules/app.bicep",
		"'Microsoft.App/containerApps/authConfigs@",
		"if (signIn && exposed && !empty(signInClientId))",
		"azureActiveDirectory: {",
		"unauthenticatedClientAction: 'RedirectToLoginPage'",
		"clientSecretSettingName:",
		"excludedPaths: [\n        app.healthPath",
		"name: '"+userauth.ModeEnv+"'\n    value: '"+userauth.ModeEasyAuth+"'",
		"var signIn = app.?signIn ?? false",
		"@secure()\nparam signInClientSecret string = ''",
	)
	for _, f := range []string{"infra/main.bicep", "infra/modules/resources.bicep"} {
		if !regexp.MustCompile(`@secure\(\)\n(@description\([^\n]*\)\n)?param signInClientSecret string`).MatchString(readFile(t, f)) {
			t.Errorf("%s: signInClientSecret must be a @secure() parameter", f)
		}
	}
	params := readFile(t, ParametersPath)
	if !strings.Contains(params, `"signInClientSecret": {
      "value": "${AZURE_SIGNIN_CLIENT_SECRET}"`) {
		t.Errorf("%s should take the client secret from azd's environment only:\n%s", ParametersPath, params)
	}
}
