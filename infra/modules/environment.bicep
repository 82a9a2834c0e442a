// The Container Apps environment, its Dapr components in Container Apps' own schema and
// their resiliency policies, all generated from components/azure (generated/aca.json).
// The generated metadata carries the deployment settings as $(NAME) tokens, replaced here
// by the names of this deployment's resources; it carries no azureClientId, so every
// sidecar authenticates with its own app's system-assigned identity.
param name string
param location string
param tags object
param logAnalyticsWorkspaceId string
param serviceBusName string
param storageAccountName string
param redisHost string
@description('Application Insights (monitoring.bicep) the sidecars\' traces and the apps\' spans go to.')
param insightsName string

var gen = loadJsonContent('../generated/aca.json')

// Read here rather than passed in, so no deployment output carries its connection string.
resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    // Traces: every Dapr sidecar exports its spans to Application Insights, and the
    // managed OpenTelemetry agent takes the apps' own spans there. It gives each app
    // container OTEL_EXPORTER_OTLP_ENDPOINT (gRPC), which internal/step/otel.go reads, so
    // a file's journey is one trace of sidecar and app spans. Dapr's spans come through
    // daprAIConnectionString only (not the agent too), so none is sent twice.
    daprAIConnectionString: insights.properties.ConnectionString
    appInsightsConfiguration: {
      connectionString: insights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

resource components 'Microsoft.App/managedEnvironments/daprComponents@2024-10-02-preview' = [for c in gen.daprComponents: {
  parent: environment
  name: c.name
  properties: json(replace(replace(replace(replace(string(c.properties), '$(AZURE_SERVICEBUS_NAMESPACE)', '${serviceBusName}.servicebus.windows.net'), '$(AZURE_SERVICEBUS_NAME)', serviceBusName), '$(AZURE_STORAGE_ACCOUNT)', storageAccountName), '$(AZURE_REDIS_HOST)', redisHost))
}]

// Container Apps' form of components/azure/resiliency.yaml: one policy per component.
resource resiliency 'Microsoft.App/managedEnvironments/daprComponents/resiliencyPolicies@2024-10-02-preview' = [for p in gen.resiliencyPolicies: {
  name: '${environment.name}/${p.component}/${p.name}'
  properties: p.properties
  dependsOn: [
    components
  ]
}]

output id string = environment.id
output name string = environment.name
