package deploy

import "github.com/paychoreo/choreography/internal/events"

// servesPeople are the apps that serve payment data to people on their app port, and why.
// In Azure people sign in to them with Microsoft Entra ID through Container Apps'
// built-in authentication (infra/modules/app.bicep, authConfigs), and each runs with
// CHOREO_USER_AUTH=easyauth so that it believes the principal the platform passes and
// nothing else (internal/userauth).
var servesPeople = map[string]string{
	events.Tracker: "its page, API and outputs show timelines, rejection reasons, File B and pain.002 reports",
}
