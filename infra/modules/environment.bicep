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

var gen = loadJsonContent('../generated/aca.json')

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
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
