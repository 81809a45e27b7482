// What a statement function runs on: a pool, or a client checked out for a transaction.
import type pg from "pg";

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
