/** Longest text kept from any string field; EventBridge events can carry 256 KB of untrusted text. */
export const MAX_TEXT_LENGTH = 4096;

/** Most list entries (containers, ARNs, tags) kept from one event. */
export const MAX_LIST_LENGTH = 100;

/** Cuts text longer than MAX_TEXT_LENGTH and says how much was cut. */
export function capText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  const code = text.charCodeAt(MAX_TEXT_LENGTH - 1);
  // Don't split a surrogate pair: the half would be an invalid character downstream.
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
  return `${text.slice(0, end)}…[truncated ${text.length - end} chars]`;
}

/** ISO text for an epoch timestamp (DescribeTasks shape); seconds and milliseconds both accepted. */
export function epochToIso(epoch: number): string {
  const millis = Math.abs(epoch) < 1e11 ? epoch * 1000 : epoch;
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) return String(epoch);
  return new Date(millis).toISOString();
}

/** `detail` of `ECS Container Instance State Change`. */
export interface InstanceDetail {
  containerInstanceArn?: string;
  clusterArn?: string;
  ec2InstanceId?: string;
  status: string;
  statusReason?: string;
  agentConnected: boolean;
  runningTasksCount?: number;
  pendingTasksCount?: number;
  version?: number;
  updatedAt?: string;
}

/** `detail` of `ECS Deployment State Change`. */
export interface DeploymentDetail {
  serviceArn?: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  deploymentId?: string;
  reason?: string;
  updatedAt?: string;
}

/** `detail` of `ECS Service Action`. */
export interface ServiceActionDetail {
  serviceArn?: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  reason?: string;
  deploymentId?: string;
  createdAt?: string;
  capacityProviderArns?: string[];
  containerInstanceArns?: string[];
}
