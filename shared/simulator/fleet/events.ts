import type { SimDeployment, SimInstance, SimService, SimTask } from './state.js';
import { iso, type World } from './world.js';

const TASK_CPU = 256;
const TASK_MEMORY = 512;

/** CPU units every task uses (ClusterSpec: 256). */
export const TASK_CPU_UNITS = TASK_CPU;
/** Memory (MiB) every task uses. */
export const TASK_MEMORY_MIB = TASK_MEMORY;

function optionalTimes(task: SimTask): Record<string, string> {
  const times: Record<string, number | undefined> = {
    connectivityAt: task.connectivityAt,
    pullStartedAt: task.pullStartedAt,
    pullStoppedAt: task.pullStoppedAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    executionStoppedAt: task.executionStoppedAt,
    stoppedAt: task.stoppedAt,
  };
  return Object.fromEntries(Object.entries(times).flatMap(([k, v]) => (v === undefined ? [] : [[k, iso(v)]])));
}

/** The `detail` of an `ECS Task State Change` for the task as it is now (no tags: events carry none). */
export function taskDetail(task: SimTask): Record<string, unknown> {
  const containers = task.containers.map((c) => ({
    containerArn: c.arn,
    lastStatus: c.lastStatus,
    name: c.name,
    image: c.image,
    ...(c.lastStatus !== 'PENDING' ? { runtimeId: c.runtimeId } : {}),
    taskArn: task.arn,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    cpu: '0',
  }));
  return {
    ...(task.eni
      ? {
          attachments: [
            {
              id: task.eni.attachmentId,
              type: 'eni',
              status: task.eni.status,
              details: [
                { name: 'subnetId', value: task.eni.subnetId },
                { name: 'networkInterfaceId', value: task.eni.eniId },
                { name: 'privateIPv4Address', value: task.eni.ip },
              ],
            },
          ],
        }
      : {}),
    availabilityZone: task.az,
    ...(task.capacityProvider ? { capacityProviderName: task.capacityProvider } : {}),
    clusterArn: task.cluster.arn,
    ...(task.instance ? { containerInstanceArn: task.instance.arn } : {}),
    containers,
    createdAt: iso(task.createdAt),
    launchType: task.launchType,
    cpu: String(TASK_CPU),
    memory: String(TASK_MEMORY),
    desiredStatus: task.desiredStatus,
    group: task.group,
    lastStatus: task.lastStatus,
    overrides: task.overrides ?? { containerOverrides: task.containers.map((c) => ({ name: c.name })) },
    ...(task.launchType === 'FARGATE' ? { platformVersion: '1.4.0' } : {}),
    ...(task.connectivityAt !== undefined ? { connectivity: 'CONNECTED' } : {}),
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    ...optionalTimes(task),
    updatedAt: iso(task.updatedAt),
    taskArn: task.arn,
    taskDefinitionArn: task.def.arn,
    version: task.version,
  };
}

/** Bumps the task's version, stamps `updatedAt` and emits its state-change event. */
export function emitTask(world: World, task: SimTask): void {
  task.version += 1;
  task.updatedAt = world.now;
  world.emit('ECS Task State Change', task.arn, world.now, taskDetail(task));
}

/** CPU and memory left on an instance (tasks not yet STOPPED hold their share). */
export function remaining(instance: SimInstance): { cpu: number; memory: number } {
  const used = instance.tasks.size;
  return { cpu: instance.cpu - used * TASK_CPU, memory: instance.memory - used * TASK_MEMORY };
}

/** Tasks on an instance by ECS's count: RUNNING ones and the ones not yet running. */
export function taskCounts(instance: SimInstance): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const task of instance.tasks) {
    if (task.lastStatus === 'RUNNING') running += 1;
    else if (task.lastStatus !== 'STOPPED') pending += 1;
  }
  return { running, pending };
}

const PORTS = ['22', '2375', '2376', '51678', '51679'];

/** Registered and remaining resources in ECS's `Resource` shape. */
export function resources(instance: SimInstance, which: 'registered' | 'remaining') {
  const left = which === 'registered' ? { cpu: instance.cpu, memory: instance.memory } : remaining(instance);
  return [
    { name: 'CPU', type: 'INTEGER', integerValue: left.cpu },
    { name: 'MEMORY', type: 'INTEGER', integerValue: left.memory },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: [...PORTS] },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
  ];
}

/** Instance attributes as the agent registers them. */
export function attributes(instance: SimInstance) {
  return [
    { name: 'ecs.capability.secrets.asm.environment-variables' },
    { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
    { name: 'com.amazonaws.ecs.capability.ecr-auth' },
    { name: 'com.amazonaws.ecs.capability.task-iam-role' },
    { name: 'ecs.instance-type', value: 'm6i.xlarge' },
    { name: 'ecs.availability-zone', value: instance.az },
    { name: 'ecs.os-type', value: 'linux' },
  ];
}

/** Agent and Docker versions every simulated instance reports. */
export const VERSION_INFO = { agentHash: 'a1b2c3d4', agentVersion: '1.89.2', dockerVersion: 'DockerVersion: 25.0.8' };

/** The `detail` of an `ECS Container Instance State Change`. */
export function instanceDetail(instance: SimInstance): Record<string, unknown> {
  const counts = taskCounts(instance);
  return {
    agentConnected: instance.agentConnected,
    attributes: attributes(instance),
    clusterArn: instance.cluster.arn,
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    pendingTasksCount: counts.pending,
    registeredAt: iso(instance.registeredAt),
    registeredResources: resources(instance, 'registered'),
    remainingResources: resources(instance, 'remaining'),
    runningTasksCount: counts.running,
    status: instance.status,
    ...(instance.statusReason ? { statusReason: instance.statusReason } : {}),
    version: instance.version,
    versionInfo: { ...VERSION_INFO },
    updatedAt: iso(instance.updatedAt),
  };
}

/** Bumps the instance's version and emits its state-change event. */
export function emitInstance(world: World, instance: SimInstance): void {
  instance.version += 1;
  instance.updatedAt = world.now;
  world.emit('ECS Container Instance State Change', instance.arn, world.now, instanceDetail(instance));
}

/** Emits an `ECS Deployment State Change` for a deployment of the service. */
export function emitDeployment(
  world: World,
  service: SimService,
  deployment: SimDeployment,
  eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS' | 'SERVICE_DEPLOYMENT_COMPLETED' | 'SERVICE_DEPLOYMENT_FAILED',
  reason: string,
): void {
  world.emit('ECS Deployment State Change', service.arn, world.now, {
    eventType: eventName === 'SERVICE_DEPLOYMENT_FAILED' ? 'ERROR' : 'INFO',
    eventName,
    deploymentId: deployment.id,
    updatedAt: iso(world.now),
    reason,
  });
}

/** Emits an `ECS Service Action` (`eventType` per the documented level of `eventName`). */
export function emitServiceAction(
  world: World,
  service: SimService,
  eventName: string,
  extra: Record<string, unknown> = {},
): void {
  const eventType = eventName.endsWith('STEADY_STATE')
    ? 'INFO'
    : eventName === 'SERVICE_TASK_START_IMPAIRED'
      ? 'WARN'
      : 'ERROR';
  world.emit('ECS Service Action', service.arn, world.now, {
    eventType,
    eventName,
    clusterArn: service.cluster.arn,
    createdAt: iso(world.now),
    ...extra,
  });
}

/** Adds a DescribeServices event message (newest first, 100 kept like ECS). */
export function serviceMessage(world: World, service: SimService, message: string): void {
  service.messages.unshift({ id: world.uuid(), createdAt: world.now, message: `(service ${service.name}) ${message}` });
  if (service.messages.length > 100) service.messages.length = 100;
}
