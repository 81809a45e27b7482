// The simulator's clock: starts at the generator's `now` and only moves when told to.
export class Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  date(): Date {
    return new Date(this.current);
  }
  /** Moves time forward; use Activity.advanceClock to also emit the events in between. */
  set(to: number): void {
    if (to < this.current) throw new Error("the simulator clock cannot go backwards");
    this.current = to;
  }
}
