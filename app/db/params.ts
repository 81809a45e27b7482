// Positional parameters built by the function that owns the statement (docs/decisions/0164): a
// statement function takes named arguments, adds each value here once and splices the placeholder
// it gets back into its text, so no caller ever lines values up with `$n` by hand. Pure (no I/O):
// the segment compiler in app/segments/rules uses it too.
// Instants are passed as UTC "timestamp" literals because Prisma stores DateTime as timestamp(3)
// without time zone, in UTC: no session time zone involved.
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds `value` and returns its placeholder, `$n::cast` (or a bare `$n` when no cast is given). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast === undefined ? `$${this.values.length}` : `$${this.values.length}::${cast}`;
  }

  instant(at: Date): string {
    return this.add(utcTimestamp(at), "timestamp");
  }
}

export function utcTimestamp(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "");
}

/** A statement and its values, for callers that must see the text (EXPLAIN in the benchmarks). */
export interface Statement {
  text: string;
  values: unknown[];
}
