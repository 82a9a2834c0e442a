// One Dapr app as a container app: Dapr enabled with dapr.yaml's app id, port and
// protocol; health probes on its health path; KEDA scale rules on its subscriptions'
// backlog; and its identities with the least each needs:
//   system-assigned (the Dapr sidecar, for every component): Service Bus Data Sender on
//     the topics it publishes, Data Receiver on its own subscriptions, Storage Blob Data
//     Contributor on the containers of its bindings, and a Redis access policy
//     (resources.bicep);
//   user-assigned (exists before the app, so its first revision can pull and scale):
//     AcrPull on the registry and Service Bus Data Owner on its own subscriptions (KEDA
//     reads message counts, which needs Manage).
param app object
param location string
param tags object
param environmentId string
param registryName string
param serviceBusName string
param storageAccountName string
param image string
@description('Expose the app port on the internet through Container Apps ingress.')
param exposed bool = false
param maxReplicas int
param cpu string
param memory string

@description('Client id of the Entra ID app registration people sign in with, for an app that serves them (app.signIn). Empty: no sign-in is set up and such an app lets nobody in.')
param signInClientId string = ''
@description('Name of the container app secret holding that registration\'s client secret.')
param signInClientSecretSettingName string = 'microsoft-provider-authentication-secret'
@secure()
param signInClientSecret string = ''

@secure()
@description('DAPR_API_TOKEN of the app, generated at each deployment. Container Apps\' sidecar checks no API token; the app needs one to start. APP_API_TOKEN is injected by Container Apps itself.')
param daprApiToken string = newGuid()

// Built-in role definition ids.
var roles = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

// An app that serves people payment data (generated/aca.json: signIn) believes the
// principal headers of Container Apps' authentication, and nothing else
// (CHOREO_USER_AUTH=easyauth; internal/userauth). Without ingress nobody reaches it but
// other apps through Dapr, which it refuses.
var signIn = app.?signIn ?? false
var signInEnv = signIn ? [
  {
    name: 'CHOREO_USER_AUTH'
    value: 'easyauth'
  }
] : []
var signInSecrets = signIn && !empty(signInClientSecret) ? [
  {
    name: signInClientSecretSettingName
    value: signInClientSecret
  }
] : []

// The scale rules of generated/aca.json name the namespace by token.
var scaleRules = json(replace(string(app.scaleRules), '$(AZURE_SERVICEBUS_NAME)', serviceBusName))

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${app.appId}'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}

resource containerApp 'Microsoft.App/containerApps@2024-10-02-preview' = {
  name: app.appId
  location: location
  tags: union(tags, { 'azd-service-name': app.appId })
  identity: {
    type: 'SystemAssigned,UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      dapr: {
        enabled: true
        appId: app.appId
        appPort: app.appPort
        appProtocol: app.appProtocol
        httpMaxRequestSize: app.httpMaxRequestSizeMb
        logLevel: app.logLevel
        enableApiLogging: false
      }
      ingress: exposed ? {
        external: true
        targetPort: app.appPort
        transport: 'http'
        allowInsecure: false
      } : null
      registries: [
        {
          server: '${registryName}${environment().suffixes.acrLoginServer}'
          identity: identity.id
        }
      ]
      secrets: concat([
        {
          name: 'dapr-api-token'
          value: daprApiToken
        }
      ], signInSecrets)
    }
    template: {
      containers: [
        {
          name: app.appId
          image: image
          env: concat([
            {
              name: 'APP_PORT'
              value: string(app.appPort)
            }
            {
              // The probes below and the ingress come to the replica's address, not to
              // its loopback (the images say the same; this holds whatever the image).
              name: 'CHOREO_LISTEN_ADDR'
              value: '0.0.0.0'
            }
            {
              name: 'DAPR_API_TOKEN'
              secretRef: 'dapr-api-token'
            }
            {
              name: 'LOG_LEVEL'
              value: app.logLevel
            }
          ], signInEnv)
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: app.healthPath
                port: app.appPort
              }
              periodSeconds: 10
            }
            {
              type: 'Readiness'
              httpGet: {
                path: app.healthPath
                port: app.appPort
              }
              periodSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: app.minReplicas
        maxReplicas: maxReplicas
        rules: [for r in scaleRules: {
          name: r.name
          custom: {
            type: r.custom.type
            metadata: r.custom.metadata
            identity: identity.id
          }
        }]
      }
    }
  }
  dependsOn: [
    pull
  ]
}

// People sign in with Microsoft Entra ID before a request reaches an app that serves them:
// Container Apps' built-in authentication (Easy Auth) sends a browser without a session
// to the sign-in page, answers 401 to an API call without a valid token (choreo with
// --tracker and a bearer token of this registration), and passes the signed-in principal
// to the app in X-MS-CLIENT-PRINCIPAL headers, which it removes from what callers send.
// Its health probe comes to the replica directly, not through here.
resource signInConfig 'Microsoft.App/containerApps/authConfigs@2024-10-02-preview' = if (signIn && exposed && !empty(signInClientId)) {
  parent: containerApp
  name: 'current'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        app.healthPath
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: signInClientId
          clientSecretSettingName: empty(signInClientSecret) ? null : signInClientSecretSettingName
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            signInClientId
            'api://${signInClientId}'
          ]
        }
      }
    }
    login: {
      // The page keeps its view in the URL's fragment (#status=...&file=...).
      preserveUrlFragmentsForLogins: true
    }
  }
}

// Service Bus: send to the topics it publishes (its events and its dead letters).
resource sendTopics 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' existing = [for t in app.access.sendTopics: {
  name: '${serviceBusName}/${t}'
}]

resource send 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (t, i) in app.access.sendTopics: {
  name: guid(sendTopics[i].id, containerApp.id, roles.serviceBusDataSender)
  scope: sendTopics[i]
  properties: {
    principalId: containerApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}]

// Service Bus: receive from its own subscriptions only; KEDA reads their backlog.
resource receiveSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' existing = [for s in app.access.receive: {
  name: '${serviceBusName}/${s.topic}/${s.name}'
}]

resource receive 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (s, i) in app.access.receive: {
  name: guid(receiveSubscriptions[i].id, containerApp.id, roles.serviceBusDataReceiver)
  scope: receiveSubscriptions[i]
  properties: {
    principalId: containerApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
  }
}]

resource scaleOnSubscriptions 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (s, i) in app.access.receive: {
  name: guid(receiveSubscriptions[i].id, identity.id, roles.serviceBusDataOwner)
  scope: receiveSubscriptions[i]
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataOwner)
  }
}]

// Storage: the containers of its blob bindings.
resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [for c in app.access.blobContainers: {
  name: '${storageAccountName}/default/${c}'
}]

resource blobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (c, i) in app.access.blobContainers: {
  name: guid(blobContainers[i].id, containerApp.id, roles.storageBlobDataContributor)
  scope: blobContainers[i]
  properties: {
    principalId: containerApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}]

output name string = containerApp.name
output principalId string = containerApp.identity.principalId
