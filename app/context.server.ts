// What background jobs and server modules are handed: all I/O in one place, so tests build
// the same object around a test database, the local Shopify simulator and a fixed clock.
import type { Db } from "~/db.server";
import type { Queue } from "~/jobs/queue";
import type { Logger } from "~/logger.server";
import type { AdminFactory } from "~/shopify/admin";

export interface AppContext {
  db: Db;
  admin: AdminFactory;
  queue: Queue;
  now: () => Date;
  log: Logger;
}
