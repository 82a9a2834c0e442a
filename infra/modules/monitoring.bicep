// Log Analytics: the Container Apps environment sends app, sidecar and system logs here
// through a diagnostic setting (no workspace key is handed out). Application Insights, on
// the same workspace, takes the traces: the Dapr sidecars' (the environment's
// daprAIConnectionString) and the apps' own spans (OTLP to Container Apps' managed
// OpenTelemetry agent), one trace per file's journey.
param name string
param location string
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

// Local (instrumentation key) authentication stays on: the sidecars' exporter and the
// managed agent send with the connection string, which identifies the resource and grants
// ingestion only; nothing here can read telemetry back.
resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

output id string = workspace.id
output insightsName string = insights.name
output name string = workspace.name
