// The person (or pipeline) running the deployment, so that docs/deploy-azure.md works as
// written: upload File A and read File B and reports (Storage Blob Data Contributor on the
// account), read dead letters and the operator subscriptions (Service Bus Data Receiver on
// the namespace), and reach the state stores through a sidecar on a workstation
// (`choreo refdata load`, `choreo deadletters`: a Redis access policy, resources.bicep).
param principalId string
param principalType string
param serviceBusName string
param storageAccountName string
param redisName string

// Built-in role definition ids.
var roles = {
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource files 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, roles.storageBlobDataContributor)
  scope: account
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = if (!empty(serviceBusName)) {
  name: serviceBusName
}

resource deadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(serviceBusName)) {
  name: guid(namespace.id, principalId, roles.serviceBusDataReceiver)
  scope: namespace
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
  }
}

resource redisDatabase 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' existing = if (!empty(redisName)) {
  name: '${redisName}/default'
}

resource state 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-04-01' = if (!empty(redisName)) {
  parent: redisDatabase
  name: 'operator'
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: principalId
    }
  }
}
