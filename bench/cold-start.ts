import { statSync } from 'node:fs';
import { buildMinimalBundle, snapshotBundles } from './support/bundles.js';
import { importTime } from './support/child-process.js';
import { median, round } from './support/stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const RUNS = 15;
const MINIMAL = '(minimal)';

/** Each function bundle's size and module init time against a bundle that only builds the SDK clients. */
const suite: BenchSuite = async () => {
  const snapshot = snapshotBundles();
  const minimal = await buildMinimalBundle();
  const bundles: Record<string, string> = { [MINIMAL]: minimal, ...snapshot.bundles };
  const wall: Record<string, number[]> = Object.fromEntries(Object.keys(bundles).map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(bundles).map((name) => [name, []]));
  importTime(minimal);
  // Interleaved: round r measures every bundle once, so load on the machine is shared out evenly.
  for (let r = 0; r < RUNS; r++) {
    for (const [name, file] of Object.entries(bundles)) {
      const time = importTime(file);
      wall[name]?.push(time.wallMs);
      cpu[name]?.push(time.cpuMs);
    }
  }
  const base = { wall: median(wall[MINIMAL] ?? []), cpu: median(cpu[MINIMAL] ?? []) };
  const minimalBytes = statSync(minimal).size;
  const figures: BenchFigure[] = [];
  for (const [name, file] of Object.entries(snapshot.bundles)) {
    const ms = median(wall[name] ?? []);
    const cpuMs = median(cpu[name] ?? []);
    const bytes = statSync(file).size;
    figures.push(
      {
        id: `cold-start.${name}`,
        label: `${name}: module init`,
        value: round(ms, 1),
        unit: 'ms',
        baseline: { label: 'bundle that only constructs the 6 SDK clients', value: round(base.wall, 1), unit: 'ms' },
        ratio: round(ms / base.wall, 2),
        note:
          `median of ${RUNS} fresh node processes, performance.now() around await import(bundle), interleaved with ` +
          `the baseline; wall time moves with the machine's load${snapshot.note ? `; ${snapshot.note}` : ''}`,
      },
      {
        id: `cold-start.${name}.cpu`,
        label: `${name}: module init, CPU time`,
        value: round(cpuMs, 1),
        unit: 'ms',
        baseline: { label: 'SDK clients only', value: round(base.cpu, 1), unit: 'ms' },
        ratio: round(cpuMs / base.cpu, 2),
        note: 'process.cpuUsage() around the same import: steadier than wall time on a shared machine',
      },
      {
        id: `cold-start.${name}.bytes`,
        label: `${name}: bundle size`,
        value: bytes,
        unit: 'bytes',
        baseline: { label: 'SDK clients only', value: minimalBytes, unit: 'bytes' },
        ratio: round(bytes / minimalBytes, 2),
      },
    );
  }
  return figures;
};

export default suite;
