import type { LaunchType } from '../types.js';
import type { Fate, SimCluster, SimDeployment, SimInstance, SimJob, SimService, SimTask, SimTaskDef } from './state.js';
import type { World } from './world.js';

/** What a new task is made of; the factory adds ids, containers and the ENI. */
export interface TaskSeed {
  cluster: SimCluster;
  def: SimTaskDef;
  launchType: LaunchType;
  capacityProvider?: string;
  instance?: SimInstance;
  az: string;
  group: string;
  startedBy?: string;
  service?: SimService;
  deployment?: SimDeployment;
  job?: SimJob;
  fate: Fate;
  tags: Record<string, string>;
  overrides?: Record<string, unknown>;
  startedByMonitor?: boolean;
  clientToken?: string;
}

/** The subnet of an AZ in the simulated VPC. */
export function subnetOf(az: string): string {
  const suffix = az.slice(-1);
  return `subnet-0${Buffer.from(suffix).toString('hex').padStart(2, '0')}a1b2c3d4e5f6070`;
}

/** A task in its pre-creation state (version 0, not yet emitted). Fargate tasks get an awsvpc ENI. */
export function newTask(world: World, seed: TaskSeed): SimTask {
  const id = world.hex(32);
  const arn = world.arn(`task/${seed.cluster.name}/${id}`);
  const fargate = seed.launchType === 'FARGATE';
  return {
    arn,
    id,
    cluster: seed.cluster,
    def: seed.def,
    group: seed.group,
    ...(seed.startedBy ? { startedBy: seed.startedBy } : {}),
    launchType: seed.launchType,
    ...(seed.capacityProvider ? { capacityProvider: seed.capacityProvider } : {}),
    ...(seed.instance ? { instance: seed.instance } : {}),
    az: seed.az,
    ...(fargate
      ? {
          eni: {
            attachmentId: world.uuid(),
            eniId: `eni-0${world.hex(16)}`,
            subnetId: subnetOf(seed.az),
            ip: `10.0.${1 + Math.floor(world.random() * 250)}.${1 + Math.floor(world.random() * 250)}`,
            status: 'PRECREATED',
          },
        }
      : {}),
    ...(seed.service ? { service: seed.service } : {}),
    ...(seed.deployment ? { deployment: seed.deployment } : {}),
    ...(seed.job ? { job: seed.job } : {}),
    fate: seed.fate,
    lastStatus: fargate ? 'PROVISIONING' : 'PENDING',
    desiredStatus: 'RUNNING',
    version: 0,
    createdAt: world.now,
    updatedAt: world.now,
    containers: seed.def.containers.map((c) => ({
      name: c.name,
      arn: world.arn(`container/${seed.cluster.name}/${id}/${world.uuid()}`),
      image: c.image,
      essential: c.essential,
      lastStatus: 'PENDING',
      runtimeId: `${id}-${world.hex(10)}`,
      healthStatus: 'UNKNOWN',
    })),
    tags: { ...seed.tags },
    ...(seed.overrides ? { overrides: seed.overrides } : {}),
    startedByMonitor: seed.startedByMonitor ?? false,
    ...(seed.clientToken ? { clientToken: seed.clientToken } : {}),
    frozen: false,
  };
}
