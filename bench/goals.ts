import type { BenchFigure } from './types.js';

/** A target a figure must reach: its value or ratio against a bound, or against another figure's value. */
export interface BenchGoal {
  /** What the goal says, as the table prints it. */
  label: string;
  id: string;
  field: 'value' | 'ratio';
  op: '<=' | '>=' | '=';
  target: number;
  /** When set, the target is this many times the value of the figure `relativeTo` (a curve that must stay flat). */
  relativeTo?: string;
}

/** A goal as measured: the figure's number, the bound it was held to, and whether it holds. */
export interface GoalVerdict {
  label: string;
  id: string;
  measured?: number;
  bound?: number;
  op: BenchGoal['op'];
  met: boolean;
}

const FUNCTIONS = ['task-state-change', 'instance-state-change', 'service-event', 'grace-sweep', 'health-report'];

/** The goals of issue 11 (the batch path) and what the reliability figures must keep. */
export const GOALS: BenchGoal[] = [
  {
    label: 'DynamoDB write calls per delivery',
    id: 'aws-calls.dynamodb.writes-per-event',
    field: 'ratio',
    op: '<=',
    target: 0.05,
  },
  { label: 'All AWS calls per delivery', id: 'aws-calls.total', field: 'ratio', op: '<=', target: 0.2 },
  { label: 'Lost alerts, 5 parallel consumers', id: 'concurrency.lost-alerts', field: 'value', op: '=', target: 0 },
  {
    label: 'Duplicate remediations, 5 parallel consumers',
    id: 'concurrency.duplicate-remediations',
    field: 'value',
    op: '=',
    target: 0,
  },
  {
    label: 'Same incidents as sequential, 5 parallel consumers',
    id: 'concurrency.final-incidents-vs-sequential',
    field: 'ratio',
    op: '=',
    target: 1,
  },
  {
    label: 'Worst alert latency, queue → delivered (s)',
    id: 'alert-latency.queued.max',
    field: 'value',
    op: '<=',
    target: 20,
  },
  { label: 'Parse + classify vs JSON.parse', id: 'classify.throughput', field: 'ratio', op: '>=', target: 0.5 },
  {
    label: 'Pipeline (in-memory adapters) vs parse + classify',
    id: 'pipeline.throughput',
    field: 'ratio',
    op: '>=',
    target: 0.3,
  },
  { label: 'replay on 100k events (events/s)', id: 'replay.throughput.100k', field: 'value', op: '>=', target: 20_000 },
  {
    label: 'replay memory flat: 100k peak RSS ≤ 1.1 × 10k',
    id: 'replay.peak-rss.100k',
    field: 'value',
    op: '<=',
    target: 1.1,
    relativeTo: 'replay.peak-rss.10k',
  },
  ...FUNCTIONS.flatMap((name): BenchGoal[] => [
    {
      label: `${name}: cold bundle vs its clients alone`,
      id: `cold-start.${name}.bytes`,
      field: 'ratio',
      op: '<=',
      target: 1.15,
    },
    {
      label: `${name}: first invocation vs its clients' floor`,
      id: `cold-start.${name}.first-invocation`,
      field: 'ratio',
      op: '<=',
      target: 1.2,
    },
  ]),
];

/** Each goal against the figures; a goal whose figure was not measured is not met. */
export function judgeGoals(figures: readonly BenchFigure[], goals: readonly BenchGoal[] = GOALS): GoalVerdict[] {
  const byId = new Map(figures.map((figure) => [figure.id, figure]));
  return goals.map((goal) => {
    const figure = byId.get(goal.id);
    // A ratio is judged unrounded (value ÷ baseline) where the figure has its baseline: 442 of 2,200 is 0.2009.
    const exact = figure?.baseline && figure.baseline.value !== 0 ? figure.value / figure.baseline.value : undefined;
    const measured = goal.field === 'ratio' ? (exact ?? figure?.ratio) : figure?.value;
    const base = goal.relativeTo === undefined ? 1 : byId.get(goal.relativeTo)?.value;
    const bound = base === undefined ? undefined : goal.target * base;
    const met =
      measured !== undefined &&
      bound !== undefined &&
      (goal.op === '<=' ? measured <= bound : goal.op === '>=' ? measured >= bound : measured === bound);
    return {
      label: goal.label,
      id: goal.id,
      op: goal.op,
      met,
      ...(measured === undefined ? {} : { measured }),
      ...(bound === undefined ? {} : { bound }),
    };
  });
}
