// graphile-worker records a finished job (completeJob/failJob) without waiting for the promise,
// and retries only a few error codes: when PostgreSQL restarts, the statement is cut off or the
// connection refused, the rejection goes unhandled and the whole worker process exits (found by
// the soak, decision 0211). The pool handed to it waits instead: a checkout that fails because the
// server is down or restarting is tried again with backoff until the server is back (or
// `giveUpMs` has passed), and a statement outside a transaction that the server terminated
// (57P01–57P03: it was aborted, not committed) runs again on a fresh connection.
import type pg from "pg";

/** The server ended the session: the statement in flight was aborted, so running it again is safe. */
const TERMINATED_CODES = new Set(["57P01", "57P02", "57P03"]);

/**
 * graphile-worker's statements that record a job's end: a completion deletes by job id, a failure
 * updates only while `locked_by` is still this pool, so a second run after a committed first one
 * changes nothing. Not awaited by graphile-worker, their failure ends the process (the soak saw
 * it at a PostgreSQL restart: "Connection terminated unexpectedly" in batchFailJobs).
 */
const IDEMPOTENT =
  /^\s*(with j as \(\s*)?(delete from \S+\._private_jobs\b|update \S+\._private_jobs as jobs\s+set\s+last_error\b)/i;

/** Refused, reset, or the server shutting down, starting up or crashed: worth waiting for. */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "57P01", "57P02", "57P03", "08001", "08006"]);

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || /Connection terminated/i.test(error.message);
}

type ConnectCallback = (
  error: Error | undefined,
  client?: pg.PoolClient,
  release?: (error?: Error | boolean) => void,
) => void;

export interface PatienceOptions {
  giveUpMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Called once per failed attempt that will be tried again. */
  onRetry?: (error: Error, attempt: number) => void;
}

/** The same pool, whose connect() waits out a database that is down or restarting. */
export function patientPool(pool: pg.Pool, options: PatienceOptions = {}): pg.Pool {
  const giveUpMs = options.giveUpMs ?? 10 * 60_000;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const connect = async (): Promise<pg.PoolClient> => {
    const started = Date.now();
    let delay = options.firstDelayMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.connect();
      } catch (error) {
        if (!isConnectionError(error) || Date.now() - started + delay > giveUpMs) throw error;
        options.onRetry?.(error as Error, attempt);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(maxDelayMs, delay * 2);
      }
    }
  };
  const terminated = (error: unknown) =>
    error instanceof Error && TERMINATED_CODES.has((error as Error & { code?: string }).code ?? "");
  // A connection lost mid-statement ("Connection terminated unexpectedly", a reset) leaves it
  // unknown whether the statement committed: only statements safe to run twice run again.
  const lost = (error: unknown, text: string) =>
    isConnectionError(error) && (error as Error & { code?: string }).code !== "ECONNREFUSED" && IDEMPOTENT.test(text);
  // Statements inside BEGIN … COMMIT are never run again elsewhere: the transaction is gone.
  const patientClient = (client: pg.PoolClient): pg.PoolClient => {
    let inTransaction = false;
    const query = async (...args: unknown[]): Promise<unknown> => {
      const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string } | null)?.text ?? "");
      if (/^\s*(begin|start transaction)\b/i.test(text)) inTransaction = true;
      if (/^\s*(commit|rollback|end)\b/i.test(text)) inTransaction = false;
      const run = (c: pg.PoolClient) => (c.query as (...a: unknown[]) => Promise<unknown>).apply(c, args);
      try {
        return await run(client);
      } catch (error) {
        const again = (e: unknown) => terminated(e) || lost(e, text);
        if (inTransaction || !again(error)) throw error;
        // During a shutdown the pool's other idle connections are cut too: keep going until one holds.
        const started = Date.now();
        let delay = options.firstDelayMs ?? 250;
        for (let reason = error; ;) {
          options.onRetry?.(reason as Error, 0);
          const fresh = await connect();
          try {
            const result = await run(fresh);
            fresh.release();
            return result;
          } catch (next) {
            fresh.release(isConnectionError(next) ? (next as Error) : undefined);
            if (!again(next) || Date.now() - started + delay > giveUpMs) throw next;
            reason = next;
            await new Promise((resolve) => setTimeout(resolve, delay));
            delay = Math.min(maxDelayMs, delay * 2);
          }
        }
      }
    };
    return new Proxy(client, {
      get(target, property) {
        if (property === "query") return query;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return new Proxy(pool, {
    get(target, property) {
      // graphile-worker takes its LISTEN client with the callback form, pool.connect((err, client,
      // release) => …): without it the callback never ran and that client was never released.
      if (property === "connect")
        return (callback?: ConnectCallback): Promise<pg.PoolClient> | undefined => {
          const checkout = connect().then(patientClient);
          if (typeof callback !== "function") return checkout;
          checkout.then(
            (client) => callback(undefined, client, (error?: Error | boolean) => client.release(error)),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
          return undefined;
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
