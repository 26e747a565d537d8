import type { RunTaskCommandInput, TaskOverride } from '@aws-sdk/client-ecs';
import type { RunTaskRequest } from '../../ports/ecs-actions.js';

/** The RunTask input for a replacement: a capacity provider replaces the launch type (ECS rejects both). */
export function runTaskInput(request: RunTaskRequest): RunTaskCommandInput {
  return {
    cluster: request.cluster,
    taskDefinition: request.taskDefinition,
    clientToken: request.clientToken,
    count: 1,
    startedBy: request.startedBy,
    ...(request.group ? { group: request.group } : {}),
    ...(request.capacityProviderName
      ? { capacityProviderStrategy: [{ capacityProvider: request.capacityProviderName, weight: 1 }] }
      : request.launchType
        ? { launchType: request.launchType as RunTaskCommandInput['launchType'] }
        : {}),
    ...(request.platformVersion ? { platformVersion: request.platformVersion } : {}),
    ...(request.overrides ? { overrides: request.overrides as TaskOverride } : {}),
    ...(request.tags && Object.keys(request.tags).length > 0
      ? { tags: Object.entries(request.tags).map(([key, value]) => ({ key, value })) }
      : {}),
    ...(request.network
      ? {
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: request.network.subnetIds,
              securityGroups: request.network.securityGroupIds,
              ...(request.network.assignPublicIp ? { assignPublicIp: request.network.assignPublicIp } : {}),
            },
          },
        }
      : {}),
  };
}
