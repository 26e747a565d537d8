import type { Category } from '../../shared/domain/classify/types.js';

/**
 * Categories the incident lifecycle needs even though they don't alert: they resolve or confirm incidents,
 * so the event patterns must let them through.
 */
export const LIFECYCLE_CATEGORIES: readonly Category[] = [
  'instance-connected',
  'instance-disconnected',
  'instance-deregistered',
  'service-steady',
  'deployment-completed',
  'deployment-started',
  'spot-interruption',
  'maintenance',
  'instance-healthy',
  'hook-succeeded',
  'daemon-deployed',
];
