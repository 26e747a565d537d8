import type { LaunchType } from '../types.js';
import type { SimTaskDef } from './state.js';
import type { World } from './world.js';

/** The image of a family's revision (a tag per revision, so a deployment changes the image). */
export function imageOf(world: World, family: string, revision: number): string {
  return `${world.account}.dkr.ecr.${world.region}.amazonaws.com/${family}:1.${revision}.0`;
}

function build(
  world: World,
  base: Omit<SimTaskDef, 'arn' | 'containers' | 'registeredAt'>,
  sidecars: string[],
): SimTaskDef {
  const image = imageOf(world, base.family, base.revision);
  return {
    ...base,
    arn: world.arn(`task-definition/${base.family}:${base.revision}`),
    containers: [
      { name: 'app', essential: true, image },
      ...sidecars.map((name) => ({ name, essential: false, image: `public.ecr.aws/aws-observability/${name}:stable` })),
    ],
    registeredAt: world.now,
  };
}

/** Registers a family's current revision (a seeded revision number, as if it had a history). */
export function registerFamily(
  world: World,
  family: string,
  launchType: LaunchType,
  sidecars: string[] = [],
  tags: Record<string, string> = {},
): SimTaskDef {
  const existing = world.taskDefs.get(family);
  if (existing) return existing[existing.length - 1] as SimTaskDef;
  const def = build(world, { family, revision: 1 + Math.floor(world.random() * 40), launchType, tags }, sidecars);
  world.taskDefs.set(family, [def]);
  return def;
}

/** Registers the next revision of `def`'s family (a deployment's new task definition). */
export function nextRevision(world: World, def: SimTaskDef): SimTaskDef {
  const revisions = world.taskDefs.get(def.family) ?? [];
  const latest = revisions[revisions.length - 1] ?? def;
  const sidecars = def.containers.filter((c) => !c.essential).map((c) => c.name);
  const next = build(
    world,
    { family: def.family, revision: latest.revision + 1, launchType: def.launchType, tags: def.tags },
    sidecars,
  );
  revisions.push(next);
  world.taskDefs.set(def.family, revisions);
  return next;
}

/** Resolves `family`, `family:revision` or a task-definition ARN; undefined when unknown. */
export function findTaskDef(world: World, reference: string): SimTaskDef | undefined {
  const name = reference.includes(':task-definition/')
    ? reference.slice(reference.indexOf(':task-definition/') + 17)
    : reference;
  const [family, revision] = name.split(':');
  const revisions = world.taskDefs.get(family ?? '');
  if (!revisions) return undefined;
  if (revision === undefined) return revisions[revisions.length - 1];
  return revisions.find((def) => String(def.revision) === revision);
}
