import type { ParsedEvent } from '../events/types.js';
import { daemonActionSummary, daemonDeploymentSummary } from './daemon.js';
import { hookSummary } from './hook.js';
import { instanceSummary } from './instance.js';
import { instanceHealthSummary } from './instance-health.js';
import { deploymentSummary, serviceActionSummary } from './service.js';
import { clip } from './summary-text.js';
import { taskSummary } from './task.js';
import type { Category, Facts } from './types.js';

/** The one human sentence of a verdict: cluster, service or family, container, and the cause. */
export function summaryOf(event: ParsedEvent, category: Category, facts: Facts): string {
  switch (event.kind) {
    case 'task':
      return taskSummary(event, category, facts);
    case 'instance':
      return instanceSummary(event, category, facts);
    case 'deployment':
      return deploymentSummary(event, category, facts);
    case 'service-action':
      return serviceActionSummary(event, category, facts);
    case 'instance-health':
      return instanceHealthSummary(event, category, facts);
    case 'hook':
      return hookSummary(event, category, facts);
    case 'daemon-action':
      return daemonActionSummary(event, category, facts);
    case 'daemon-deployment':
      return daemonDeploymentSummary(event, facts);
    case 'unsupported':
      return `Ignored event "${clip(event.meta.detailType, 100)}" from ${clip(event.meta.source, 100)}.`;
    case 'invalid':
      return `Invalid event: ${clip(event.error)}.`;
  }
}
