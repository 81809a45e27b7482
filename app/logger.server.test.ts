import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger, fileSink, formatForMode, memoryLogger, type LoggerOptions } from "~/logger.server";

function capture(options: Omit<LoggerOptions, "write">) {
  const written: { stream: "stdout" | "stderr"; line: string }[] = [];
  const log = createLogger({ ...options, write: (stream, line) => written.push({ stream, line }) });
  const json = () => written.map((w) => JSON.parse(w.line) as Record<string, unknown>);
  return { log, written, json };
}

describe("createLogger in JSON", () => {
  it("writes one JSON object a line with the level's name, an ISO time and the message", () => {
    const { log, written, json } = capture({ format: "json" });
    log.info("hello", { n: 3 });
    expect(written).toHaveLength(1);
    expect(written[0].line.endsWith("\n")).toBe(true);
    expect(json()[0]).toEqual({ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: "hello", n: 3 });
  });

  it("keeps child bindings on every line, nested children included, without repeating a field", () => {
    const { log, written, json } = capture({ format: "json" });
    const shop = log.child({ shop: "a.myshopify.com" });
    const job = shop.child({ jobId: "7", task: "ingest.backfill" });
    job.info("step", { shop: "a.myshopify.com", runId: 2 });
    shop.info("other");
    const [first, second] = json();
    expect(first).toMatchObject({
      shop: "a.myshopify.com",
      jobId: "7",
      task: "ingest.backfill",
      runId: 2,
      msg: "step",
    });
    // JSON.parse keeps the last of two equal keys: count them in the text.
    expect(written[0].line.match(/"shop":/g)).toHaveLength(1);
    expect(second).toMatchObject({ shop: "a.myshopify.com", msg: "other" });
    expect(second).not.toHaveProperty("jobId");
  });

  it("leaves out the lines under LOG_LEVEL and sends warn and error to stderr", () => {
    const { log, written } = capture({ format: "json", level: "warn" });
    log.debug("no");
    log.info("no");
    log.warn("careful");
    log.error("bad");
    expect(written.map((w) => [w.stream, (JSON.parse(w.line) as { msg: string }).msg])).toEqual([
      ["stderr", "careful"],
      ["stderr", "bad"],
    ]);
    const all = capture({ format: "json", level: "debug" });
    all.log.debug("yes");
    all.log.info("yes too");
    expect(all.written.map((w) => w.stream)).toEqual(["stdout", "stdout"]);
  });

  it("writes BigInt fields as strings, with every digit, in bindings and nested fields too", () => {
    const { log, json } = capture({ format: "json" });
    log
      .child({ customerId: 12345678901234567890n })
      .info("big", { ids: [1n, 2n], nested: { orderId: 9007199254740993n } });
    expect(json()[0]).toMatchObject({
      customerId: "12345678901234567890",
      ids: ["1", "2"],
      nested: { orderId: "9007199254740993" },
    });
  });
});

describe("createLogger for people", () => {
  it("prints a short line with the level, the message and the fields, not JSON", () => {
    const { log, written } = capture({ format: "pretty" });
    log.child({ shop: "a.myshopify.com" }).warn("webhook refused", { reason: "stale", id: 5n });
    expect(written).toHaveLength(1);
    const line = written[0].line;
    expect(written[0].stream).toBe("stderr");
    expect(() => JSON.parse(line) as unknown).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: webhook refused /);
    expect(line).toContain('"shop":"a.myshopify.com"');
    expect(line).toContain('"id":"5"');
    expect(line.trimEnd().split("\n")).toHaveLength(1);
  });

  it("is chosen in demo and development; JSON in production and tests", () => {
    expect(["demo", "development", "production", "test"].map(formatForMode)).toEqual([
      "pretty",
      "pretty",
      "json",
      "json",
    ]);
  });
});

describe("createLogger with a log file", () => {
  it("writes every line to the file as JSON and only warn and error to the terminal, in human form", () => {
    const file: string[] = [];
    const { log, written } = capture({ format: "pretty", level: "info", toFile: (line) => file.push(line) });
    log.info("sync phase", { phase: "orders" });
    log.error("sync failed", { reason: "timeout" });
    log.debug("below the level");
    expect(file.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { level: "info", msg: "sync phase", phase: "orders" },
      { level: "error", msg: "sync failed", reason: "timeout" },
    ]);
    expect(written).toHaveLength(1);
    expect(written[0].stream).toBe("stderr");
    expect(written[0].line).toMatch(/^\[\d\d:\d\d:\d\d\] ERROR: sync failed /);
  });

  it("fileSink makes the folder and appends, sharing one descriptor per file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-log-"));
    const target = path.join(dir, "logs", "rapport.log");
    const sink = fileSink(target);
    expect(fileSink(target)).toBe(sink);
    sink("one\n");
    sink("two\n");
    expect(fs.readFileSync(target, "utf8")).toBe("one\ntwo\n");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("memoryLogger", () => {
  it("records lines with the child's bindings and shares one list", () => {
    const log = memoryLogger();
    log.child({ shop: "a" }).child({ jobId: "1" }).info("done", { ms: 4 });
    log.warn("top");
    expect(log.lines).toEqual([
      { level: "info", message: "done", fields: { shop: "a", jobId: "1", ms: 4 } },
      { level: "warn", message: "top", fields: {} },
    ]);
  });
});
