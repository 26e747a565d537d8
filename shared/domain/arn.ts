/** The parts of an ARN `arn:partition:service:region:account:type/id…`. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Text before the first `/` of the resource part, e.g. `task`, `service`, `cluster`. */
  resourceType: string;
  /** The `/`-separated ids after the type: `[cluster, id]` for long ARNs, `[id]` for short ones. */
  resourceIds: string[];
}

/** Splits an ARN into its parts; undefined for anything that is not an ARN. */
export function parseArn(value: string): ArnParts | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i += 1) {
    const colon = value.indexOf(':', start);
    if (colon < 0) return undefined;
    fields.push(value.slice(start, colon));
    start = colon + 1;
  }
  const [, partition = '', service = '', region = '', account = ''] = fields;
  const [resourceType = '', ...resourceIds] = value.slice(start).split('/');
  return { partition, service, region, account, resourceType, resourceIds };
}

/** Cluster name from a cluster ARN (`…:cluster/prod` → `prod`); a bare name is returned as is. */
export function clusterNameFromArn(clusterArn: string): string {
  const arn = parseArn(clusterArn);
  if (!arn) return clusterArn;
  return arn.resourceIds[0] ?? clusterArn;
}

/**
 * Cluster name embedded in a long-form task, service or container-instance ARN
 * (`…:service/prod/api` → `prod`); undefined for short-form ARNs, which don't carry it.
 */
export function clusterNameFromResourceArn(resourceArn: string): string | undefined {
  const arn = parseArn(resourceArn);
  if (!arn || arn.resourceIds.length < 2) return undefined;
  return arn.resourceIds[0] || undefined;
}

/** Cluster ARN rebuilt from a long-form task, service or container-instance ARN. */
export function clusterArnFromResourceArn(resourceArn: string): string | undefined {
  const arn = parseArn(resourceArn);
  const cluster = clusterNameFromResourceArn(resourceArn);
  if (!arn || cluster === undefined) return undefined;
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:cluster/${cluster}`;
}

/** Service name from a service ARN in either form (`service/prod/api` or `service/api`). */
export function serviceNameFromArn(serviceArn: string): string {
  const arn = parseArn(serviceArn);
  if (!arn) return serviceArn;
  return arn.resourceIds.at(-1) || serviceArn;
}

/** The last id of a task or container-instance ARN in either form (the task id). */
export function resourceIdFromArn(resourceArn: string): string {
  const arn = parseArn(resourceArn);
  if (!arn) return resourceArn;
  return arn.resourceIds.at(-1) || resourceArn;
}

/** Family of a task definition ARN or `family:revision` (`…:task-definition/web:12` → `web`). */
export function familyFromTaskDefinitionArn(taskDefinitionArn: string): string {
  const arn = parseArn(taskDefinitionArn);
  const familyAndRevision = arn ? arn.resourceIds.join('/') : taskDefinitionArn;
  const colon = familyAndRevision.lastIndexOf(':');
  return colon > 0 ? familyAndRevision.slice(0, colon) : familyAndRevision;
}
