import type { StopCause } from './state.js';

/**
 * Ground truth of what really happened in the fleet, for the scorer (never shown to the monitor).
 * `at` is virtual epoch ms. Instances are named by cluster and registration index, as in scenarios.
 */
export type FleetHistoryEntry =
  | {
      /** A task was created (its first event, PROVISIONING or PENDING). */
      kind: 'task-started';
      at: number;
      cluster: string;
      taskArn: string;
      family: string;
      service?: string;
      group: string;
      startedBy?: string;
      /** Started by the monitor's RunTask (a clientToken was given). */
      startedByMonitor: boolean;
      clientToken?: string;
      launchType: string;
      instance?: number;
    }
  | {
      /** A task's stop began (its first desired-STOPPED moment), with the true cause. */
      kind: 'task-stopped';
      at: number;
      cluster: string;
      taskArn: string;
      family: string;
      service?: string;
      startedByMonitor: boolean;
      stopCause: StopCause;
      stopCode?: string;
      stoppedReason?: string;
      /** Exit code of the essential container, when it exited by itself. */
      exitCode?: number;
      instance?: number;
    }
  | {
      /** A container instance changed: agent connection, status, or its EC2 host. */
      kind: 'instance';
      at: number;
      cluster: string;
      instance: number;
      containerInstanceArn: string;
      ec2InstanceId: string;
      change:
        | 'agent-disconnected'
        | 'agent-connected'
        | 'host-lost'
        | 'host-back'
        | 'terminated'
        | 'draining'
        | 'active'
        | 'deregistered';
      /** Who did it: the scenario (fault or churn) or the monitor's API call. */
      by: 'scenario' | 'churn' | 'monitor';
    }
  | {
      /** A deployment changed state. */
      kind: 'deployment';
      at: number;
      cluster: string;
      service: string;
      deploymentId: string;
      state: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
      rollback: boolean;
      outcome: string;
    }
  | {
      /** A RunTask call through the client (the monitor's), whether it started something or not. */
      kind: 'run-task';
      at: number;
      cluster: string;
      family: string;
      clientToken?: string;
      started: string[];
      repeat: boolean;
      failure?: string;
    };
