import { capText, MAX_LIST_LENGTH } from './schema.js';
import type { TaskNetwork } from './types.js';

/** A non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstEntries(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_LIST_LENGTH) : [];
}

function strings(value: unknown): string[] {
  return firstEntries(value)
    .filter((item): item is string => typeof item === 'string')
    .map(capText);
}

/** Task tags from `[{key, value}]`; malformed entries are skipped, since tags are only hints. */
export function readTags(value: unknown): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  let found = false;
  for (const entry of firstEntries(value)) {
    if (!isRecord(entry) || typeof entry.key !== 'string') continue;
    tags[capText(entry.key)] = typeof entry.value === 'string' ? capText(entry.value) : '';
    found = true;
  }
  return found ? tags : undefined;
}

function fromNetworkConfiguration(value: unknown): TaskNetwork | undefined {
  if (!isRecord(value) || !isRecord(value.awsvpcConfiguration)) return undefined;
  const awsvpc = value.awsvpcConfiguration;
  const subnetIds = strings(awsvpc.subnets);
  if (subnetIds.length === 0) return undefined;
  const network: TaskNetwork = { subnetIds, securityGroupIds: strings(awsvpc.securityGroups) };
  if (awsvpc.assignPublicIp === 'ENABLED' || awsvpc.assignPublicIp === 'DISABLED') {
    network.assignPublicIp = awsvpc.assignPublicIp;
  }
  return network;
}

/** ENI attachments name their subnet but not their security groups, so those stay empty (unknown). */
function fromAttachments(value: unknown): TaskNetwork | undefined {
  const subnetIds = new Set<string>();
  for (const attachment of firstEntries(value)) {
    if (!isRecord(attachment)) continue;
    if (attachment.type !== 'eni' && attachment.type !== 'ElasticNetworkInterface') continue;
    for (const detail of firstEntries(attachment.details)) {
      if (isRecord(detail) && detail.name === 'subnetId' && typeof detail.value === 'string') {
        subnetIds.add(capText(detail.value));
      }
    }
  }
  return subnetIds.size > 0 ? { subnetIds: [...subnetIds], securityGroupIds: [] } : undefined;
}

/** awsvpc network of a task: `networkConfiguration` when present, else the ENI attachment's subnet. */
export function readNetwork(networkConfiguration: unknown, attachments: unknown): TaskNetwork | undefined {
  return fromNetworkConfiguration(networkConfiguration) ?? fromAttachments(attachments);
}
