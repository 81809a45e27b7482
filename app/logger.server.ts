// Logs through pino (decision 0160): one JSON object a line in production and tests, short
// human lines in demo and development. Debug and info go to stdout, warn and error to stderr.
// With a log file (LOG_FILE, decision 0198) every line goes there as JSON and the terminal keeps
// only warn and error, so a person watching sees trouble and nothing else.
import fs from "node:fs";
import path from "node:path";
import { pino, type DestinationStream, type Logger as Pino } from "pino";
import { prettyFactory } from "pino-pretty";

export type Level = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

/** Message first, fields second (the call sites' order); `child` fixes fields such as shop or jobId. */
export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(bindings: Fields): Logger;
}

export type LogFormat = "json" | "pretty";

export interface LoggerOptions {
  level?: Level;
  format?: LogFormat;
  /** Where finished lines go; by default stdout (debug, info) and stderr (warn, error). */
  write?: (stream: "stdout" | "stderr", line: string) => void;
  /** Every line as JSON goes here as well (see fileSink); then only warn and error reach the terminal. */
  toFile?: (line: string) => void;
}

/** Appends lines to a file (its folder is made), synchronously so nothing is lost at exit. */
export function fileSink(file: string): (line: string) => void {
  const known = sinks.get(file);
  if (known) return known;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "a");
  const sink = (line: string) => void fs.writeSync(fd, line);
  sinks.set(file, sink);
  return sink;
}
// One descriptor per file in a process: the app's logger and the Shopify library's share it.
const sinks = new Map<string, (line: string) => void>();

/** Human lines where a person watches the terminal; JSON where a machine reads the logs. */
export function formatForMode(mode: string): LogFormat {
  return mode === "demo" || mode === "development" ? "pretty" : "json";
}

// Ids are BigInt in this codebase; JSON has no BigInt and a number would lose digits past 2^53.
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

// A field a caller repeats with the value a parent already bound is left out: pino writes
// bindings and fields side by side, and the line would carry the key twice.
function adapt(base: Pino, bound: Fields = {}): Logger {
  const at = (level: Level) => (message: string, fields?: Fields) => {
    const own =
      fields === undefined
        ? []
        : Object.entries(plain(fields) as Fields).filter(([key, value]) => bound[key] !== value);
    if (own.length === 0) base[level](message);
    else base[level](Object.fromEntries(own), message);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => {
      const fresh = plain(bindings) as Fields;
      return adapt(base.child(fresh), { ...bound, ...fresh });
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((stream, line) => process[stream].write(line));
  // Pretty-printing runs in this thread (pino-pretty's factory, not its worker-thread transport),
  // so lines keep their order with the launcher's own output and survive process.exit.
  const pretty =
    options.format === "pretty"
      ? prettyFactory({
          colorize: process.stdout.isTTY === true,
          ignore: "pid,hostname",
          translateTime: "SYS:HH:MM:ss",
          singleLine: true,
          errorLikeObjectKeys: [],
        })
      : undefined;
  const to = (stream: "stdout" | "stderr"): DestinationStream => ({
    write: (line) => write(stream, pretty ? pretty(line) : line),
  });
  const toFile = options.toFile;
  // Without dedupe a warn goes to every stream at or under its level: the file and stderr.
  const streams = toFile
    ? pino.multistream([
        { level: "debug", stream: { write: (line: string) => toFile(line) } },
        { level: "warn", stream: to("stderr") },
      ])
    : pino.multistream(
        [
          { level: "debug", stream: to("stdout") },
          { level: "warn", stream: to("stderr") },
        ],
        { dedupe: true },
      );
  const base = pino(
    {
      level: options.level ?? "info",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // The level's name ("warn"), not pino's number, for readers of the JSON; pretty reads both.
      formatters: { level: (label) => ({ level: label }) },
    },
    streams,
  );
  return adapt(base);
}

export interface MemoryLine {
  level: Level;
  message: string;
  fields: Fields;
}

/** For tests: keeps lines in memory instead of printing; a child's lines carry its bindings. */
export function memoryLogger(): Logger & { lines: MemoryLine[] } {
  const lines: MemoryLine[] = [];
  const make = (bound: Fields): Logger => {
    const at =
      (level: Level) =>
      (message: string, fields: Fields = {}) =>
        void lines.push({ level, message, fields: { ...bound, ...fields } });
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (bindings) => make({ ...bound, ...bindings }),
    };
  };
  return Object.assign(make({}), { lines });
}
