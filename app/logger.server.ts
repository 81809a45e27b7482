// Structured one-line JSON logs on stdout; errors and warnings on stderr.
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const order = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof order;

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function createLogger(minimum: Level = "info", write?: (level: Level, line: string) => void): Logger {
  const out = write ?? ((level: Level, line: string) => (order[level] >= order.warn ? process.stderr : process.stdout).write(`${line}\n`));
  const log = (level: Level) => (message: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < order[minimum]) return;
    out(level, JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...fields }, replacer));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** For tests: keeps lines in memory instead of printing. */
export function memoryLogger(): Logger & { lines: { level: Level; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: Level; message: string; fields: Record<string, unknown> }[] = [];
  const log = (level: Level) => (message: string, fields: Record<string, unknown> = {}) => lines.push({ level, message, fields });
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
