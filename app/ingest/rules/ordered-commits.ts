// Up to `parallel` batches written at once on their own connections, committed strictly in
// order: each batch's work gets the state committed by the batch before it and must await it
// before its own checkpoint, so the checkpoint after a crash is always a prefix of the file.

export class OrderedCommits<S> {
  private last: Promise<S>;
  private readonly running: Promise<S>[] = [];

  constructor(
    initial: S,
    private readonly parallel: number,
  ) {
    this.last = Promise.resolve(initial);
  }

  /**
   * Starts `work` once a slot is free. `previous` settles when every earlier batch has committed
   * (with the state they left) or rejects if one failed: `work` must then fail too.
   */
  async submit(work: (previous: Promise<S>) => Promise<S>): Promise<void> {
    while (this.running.length >= this.parallel) await this.next();
    const previous = this.last;
    const mine = work(previous);
    // Awaited later (in order); until then a failure must not count as unhandled.
    mine.catch(() => undefined);
    this.last = mine;
    this.running.push(mine);
  }

  /** Waits for every batch; the state after the last one, or the first failure. */
  async finish(): Promise<S> {
    while (this.running.length > 0) await this.next();
    return this.last;
  }

  // On a failure, the later batches (which fail too) are let finish rolling back first.
  private async next(): Promise<void> {
    try {
      await this.running.shift();
    } catch (error) {
      await Promise.allSettled(this.running.splice(0));
      throw error;
    }
  }
}
