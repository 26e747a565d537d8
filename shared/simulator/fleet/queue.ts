/** One internal step of the model, due at `at` (virtual epoch ms); `seq` keeps equal times in scheduling order. */
interface Step {
  at: number;
  seq: number;
  run: () => void;
}

/** A binary min-heap of timed steps: the model jumps from one due step to the next instead of ticking. */
export class StepQueue {
  private readonly heap: Step[] = [];
  private seq = 0;

  /** Schedules `run` at `at`. */
  push(at: number, run: () => void): void {
    const step = { at, seq: this.seq++, run };
    const heap = this.heap;
    heap.push(step);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(step, heap[parent] as Step)) break;
      heap[i] = heap[parent] as Step;
      i = parent;
    }
    heap[i] = step;
  }

  /** Time of the next step, or undefined when none is scheduled. */
  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the next step. */
  pop(): Step | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Step, heap[left] as Step) ? right : left;
      if (!before(heap[child] as Step, last)) break;
      heap[i] = heap[child] as Step;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Step, b: Step): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
