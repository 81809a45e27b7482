// Positional parameters for compiled SQL. Instants are passed as UTC "timestamp" literals because
// Prisma stores DateTime as timestamp(3) without time zone, in UTC: no session time zone involved.
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  instant(at: Date): string {
    return this.add(utcTimestamp(at), "timestamp");
  }
}

export function utcTimestamp(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "");
}
