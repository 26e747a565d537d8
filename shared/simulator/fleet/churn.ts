import type { FleetSpec } from '../types.js';
import { setAgent } from './instances.js';
import { deploy, scale } from './services.js';
import type { SimService } from './state.js';
import { isLive, requestStop } from './tasks.js';
import type { World } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Repeats `run` at Poisson-distributed times with `perDay`/`perHour` mean rate. */
function poisson(world: World, meanGapMs: number, run: () => void): void {
  if (!Number.isFinite(meanGapMs) || meanGapMs <= 0) return;
  const next = () =>
    world.after(world.exponential(meanGapMs), () => {
      run();
      next();
    });
  next();
}

/**
 * Background churn of a healthy fleet (all normal, none a problem): agent reconnect flaps per instance,
 * good rolling deployments and scale out/in per service, user StopTask calls across the fleet.
 */
export function startChurn(world: World, churn: FleetSpec['churn']): void {
  if (!churn) return;
  const clusters = [...world.clusters.values()];
  const services = clusters.flatMap((c) => [...c.services.values()]);
  if (churn.agentFlapsPerHour) {
    for (const instance of clusters.flatMap((c) => c.instances)) {
      poisson(world, HOUR / churn.agentFlapsPerHour, () => {
        if (!instance.agentConnected || !instance.hostAlive) return;
        setAgent(world, instance, false, 'churn');
        world.after(world.seconds(1, 15), () => {
          if (instance.hostAlive) setAgent(world, instance, true, 'churn');
        });
      });
    }
  }
  for (const service of services) {
    if (churn.deploysPerDay) {
      poisson(world, DAY / churn.deploysPerDay, () => {
        if (settled(world, service)) deploy(world, service, 'good');
      });
    }
    if (churn.scalesPerDay) {
      poisson(world, DAY / churn.scalesPerDay, () => {
        if (!settled(world, service)) return;
        scale(world, service, service.desired === service.spec.desired ? service.desired + 1 : service.spec.desired);
      });
    }
  }
  if (churn.userStopsPerDay && services.length > 0) {
    poisson(world, DAY / churn.userStopsPerDay, () => {
      const service = world.pick(services);
      const task = service && world.pick([...service.tasks].filter((t) => isLive(t) && t.lastStatus === 'RUNNING'));
      if (task) requestStop(world, task, { stopCode: 'UserInitiated', reason: 'Task stopped by user', cause: 'user' });
    });
  }
}

/** Churn touches only services with no fault and no deployment in flight, so it never looks like a problem. */
function settled(world: World, service: SimService): boolean {
  const primary = service.deployments[0];
  return (
    service.steady &&
    primary?.rolloutState === 'COMPLETED' &&
    (service.crashLoop === undefined || service.crashLoop.until <= world.now) &&
    service.healthFailUntil === undefined
  );
}
