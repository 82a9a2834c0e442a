// Azure Container Apps deployment of the payment-file choreography.
//   azd up                         (from the repository root: azure.yaml, main.parameters.json)
//   az deployment sub create -l <region> -f infra/main.bicep \
//     -p environmentName=<name> location=<region> principalId=$(az ad signed-in-user show --query id -o tsv)
// Everything per app, component, topic or container comes from generated/aca.json
// (cmd/acagen, from components/azure, dapr.yaml and internal/events), so no file here
// names an app, a topic or a container: they cannot drift from the Dapr side.
// Keyless throughout: every service has local (key, SAS) authentication disabled and is
// reached with Microsoft Entra ID; the only secrets are DAPR_API_TOKEN, generated at deploy,
// and the client secret of people's sign-in to the tracker, passed at deploy (never in a file).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment (azd: AZURE_ENV_NAME); names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Object id of the person (or pipeline) deploying (azd: AZURE_PRINCIPAL_ID); gets the operator rights of docs/deploy-azure.md. Empty: none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Image per Dapr app id. An app missing here runs a placeholder image until azd deploy (or az containerapp update --image) sets its own.')
param images object = {}

@description('Dapr app ids to expose on the internet through Container Apps ingress on their app port (an API or status page for people); every route Dapr calls still requires APP_API_TOKEN. Default: none, every app is reachable only through its sidecar.')
param publicApps array = []

@description('Client id of the Microsoft Entra ID app registration people sign in with to the apps that serve them payment data (the tracker\'s page, API and outputs), through Container Apps\' built-in authentication, once such an app is in publicApps (azd: AZURE_SIGNIN_CLIENT_ID). Empty: no sign-in is set up, and those apps let nobody in.')
param signInClientId string = ''

@description('Name of the container app secret that holds the app registration\'s client secret (Container Apps\' authentication reads it by this name).')
param signInClientSecretSettingName string = 'microsoft-provider-authentication-secret'

@secure()
@description('Client secret of that app registration, given at deployment only (azd: AZURE_SIGNIN_CLIENT_SECRET); never in a file. Empty: no secret is stored.')
param signInClientSecret string = ''

@description('Upper bound of replicas per app; KEDA scales between the app\'s minimum and this on the backlog of its Service Bus subscriptions.')
param maxReplicas int = 5

@description('vCPU and memory of each app container: a File A of up to 64 MiB is read, hashed and parsed in memory.')
param appCpu string = '1.0'
param appMemory string = '2Gi'

@minValue(1)
@maxValue(146000)
@description('Days an evidence record (docs/evidence.md) can be neither changed nor deleted: the bank\'s retention period for payment records. Default 3653, ten years.')
param evidenceRetentionDays int = 3653

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'modules/resources.bicep' = {
  name: 'choreography-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    principalType: principalType
    images: images
    publicApps: publicApps
    signInClientId: signInClientId
    signInClientSecretSettingName: signInClientSecretSettingName
    signInClientSecret: signInClientSecret
    maxReplicas: maxReplicas
    appCpu: appCpu
    appMemory: appMemory
    evidenceRetentionDays: evidenceRetentionDays
  }
}

// azd reads these into its environment (azd env get-values). The last three are the
// deployment settings components/azure reads through envRef, so a sidecar on a workstation
// (docs/deploy-azure.md, "Operating") reaches the same resources.
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.environmentName
output AZURE_SERVICEBUS_NAMESPACE string = resources.outputs.serviceBusHost
output AZURE_STORAGE_ACCOUNT string = resources.outputs.storageAccountName
output AZURE_REDIS_HOST string = resources.outputs.redisHost
