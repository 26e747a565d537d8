import type { Category, ClassifyOptions, Severity } from './types.js';
import { SEVERITY_RANK } from './types.js';

/** Severity of each category before configuration overrides (documented in the README). */
export const DEFAULT_SEVERITIES: Readonly<Record<Category, Severity>> = {
  'task-transition': 'none',
  oom: 'critical',
  'app-exit': 'warning',
  'image-pull': 'critical',
  'start-failure': 'critical',
  'health-check': 'warning',
  'spot-interruption': 'info',
  'instance-loss': 'critical',
  maintenance: 'info',
  'normal-stop': 'none',
  'instance-connected': 'info',
  'instance-disconnected': 'info',
  'instance-draining': 'info',
  'instance-deregistered': 'info',
  'deployment-started': 'info',
  'deployment-rollback': 'warning',
  'deployment-completed': 'info',
  'deployment-failed': 'critical',
  'service-steady': 'none',
  'placement-failure': 'warning',
  'start-impaired': 'critical',
  'discovery-unhealthy': 'warning',
  'service-error': 'critical',
  'service-warning': 'warning',
  'service-health-unknown': 'warning',
  'instance-unreachable': 'critical',
  'instance-impaired': 'critical',
  'managed-instance-impaired': 'warning',
  'instance-healthy': 'info',
  'instance-health-unknown': 'info',
  'hook-failed': 'critical',
  'hook-timed-out': 'warning',
  'hook-awaiting-action': 'info',
  'hook-succeeded': 'info',
  'daemon-rollout-failed': 'critical',
  'daemon-rollback': 'warning',
  'daemon-start-impaired': 'warning',
  'daemon-deployed': 'info',
  'daemon-deployment': 'info',
  'service-info': 'none',
  unsupported: 'none',
  invalid: 'none',
};

/** True for a known severity id. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && Object.hasOwn(SEVERITY_RANK, value);
}

/** The category's severity: the configured override when it is a valid severity, else the default. */
export function severityFor(category: Category, options: ClassifyOptions = {}): Severity {
  const override = options.severities?.[category];
  return isSeverity(override) ? override : DEFAULT_SEVERITIES[category];
}

/** A verdict alerts when its severity is warning or above. */
export function isAlertSeverity(severity: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK.warning;
}
