import { resourceIdFromArn } from '../arn.js';
import type { InstanceEvent } from '../events/types.js';
import { clusterName } from './arn-names.js';
import type { VerdictDraft } from './draft.js';
import { compactFacts } from './draft.js';
import { inCluster, inParentheses, nameText, sentence } from './summary-text.js';
import type { Category, Facts } from './types.js';

/** Category of a container-instance event from its status and agent connection. */
function instanceCategory(event: InstanceEvent): Category {
  switch (event.status) {
    case 'DRAINING':
      return 'instance-draining';
    case 'INACTIVE':
    case 'DEREGISTERING':
    case 'REGISTRATION_FAILED':
      return 'instance-deregistered';
    default:
      // A single disconnect is routine (agents reconnect several times an hour); persistence is judged later.
      return event.agentConnected ? 'instance-connected' : 'instance-disconnected';
  }
}

function instanceFacts(event: InstanceEvent): Facts {
  return compactFacts({
    account: event.meta.account,
    region: event.meta.region,
    time: event.meta.time,
    resourceArn: event.containerInstanceArn,
    cluster: clusterName(event.clusterArn),
    clusterArn: event.clusterArn,
    containerInstanceArn: event.containerInstanceArn,
    ec2InstanceId: event.ec2InstanceId,
    reason: event.statusReason,
    lastStatus: event.status,
    version: event.version,
  });
}

/** The summary sentence of a container-instance verdict. */
export function instanceSummary(event: InstanceEvent, category: Category, facts: Facts): string {
  const instance = `container instance ${nameText(event.ec2InstanceId ?? resourceIdFromArn(event.containerInstanceArn))}`;
  const where = `${instance}${inCluster(facts.cluster)}`;
  const status = inParentheses(`status ${event.status}`, event.statusReason);
  switch (category) {
    case 'instance-connected':
      return `The ECS agent on ${where} is connected${status}.`;
    case 'instance-disconnected':
      return `The ECS agent on ${where} is disconnected${status}.`;
    case 'instance-draining':
      return `${sentence(where)} is draining${status}.`;
    default:
      return `${sentence(where)} left the cluster${status}.`;
  }
}

/** Classifies an `ECS Container Instance State Change` event. */
export function classifyInstance(event: InstanceEvent): VerdictDraft {
  const category = instanceCategory(event);
  const facts = instanceFacts(event);
  const remediation = category === 'instance-disconnected' ? 'drain-instance' : 'none';
  return { category, remediation, facts };
}
