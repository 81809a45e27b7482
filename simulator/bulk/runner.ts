// Runs bulk queries asynchronously, streaming the JSONL file to disk with backpressure so a
// store of any size exports in bounded memory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import {
  getArgumentValues,
  getNamedType,
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { gid } from "../util/ids";
import type { GqlContext } from "../graphql/context";
import { streamCustomers, streamOrders } from "../graphql/order-list";
import { parseQuery } from "../graphql/search";
import { customerView, orderView, productView } from "../graphql/views";
import { BulkExecutor } from "./exec";
import { validateBulkQuery } from "./validate";
import type { BulkOperation } from "./view";

export const MAX_CONCURRENT_BULK = 5;

export class BulkRunner {
  private ops = new Map<number, BulkOperation>();
  private nextId = 900_000_001;
  private dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-sim-bulk-"));
  baseUrl = "";
  /** Keeps each operation RUNNING at least this long (Shopify's take seconds; tests of concurrency need that). */
  minDurationMs = 0;

  constructor(
    private schema: () => GraphQLSchema,
    private context: () => GqlContext,
    private onFinish: (op: BulkOperation) => void,
  ) {}

  get(id: number): BulkOperation | null {
    return this.ops.get(id) ?? null;
  }
  latest(): BulkOperation | null {
    return [...this.ops.values()].at(-1) ?? null;
  }
  all(): BulkOperation[] {
    return [...this.ops.values()];
  }
  fileFor(id: number): string | null {
    return this.ops.get(id)?.file ?? null;
  }

  start(
    query: string,
    _groupObjects: boolean,
  ): { operation: BulkOperation } | { userErrors: { field: string[] | null; message: string; code: string }[] } {
    const problems = validateBulkQuery(this.schema(), query);
    if (problems.length)
      return { userErrors: problems.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
    const running = [...this.ops.values()].filter((o) => o.status === "CREATED" || o.status === "RUNNING");
    if (running.length >= MAX_CONCURRENT_BULK) {
      const ids = running.map((o) => gid("BulkOperation", o.id)).join(", ");
      return {
        userErrors: [
          {
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${ids}.`,
            code: "OPERATION_IN_PROGRESS",
          },
        ],
      };
    }
    const ctx = this.context();
    const op: BulkOperation = {
      id: this.nextId++,
      query,
      status: "CREATED",
      createdAt: ctx.at,
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      errorCode: null,
      file: null,
    };
    this.ops.set(op.id, op);
    setImmediate(() => {
      this.run(op, ctx).catch(() => {
        op.status = "FAILED";
        op.errorCode = "INTERNAL_SERVER_ERROR";
        op.completedAt = this.context().at;
        this.onFinish(op);
      });
    });
    return { operation: op };
  }

  cancel(id: number): BulkOperation | null {
    const op = this.ops.get(id);
    if (!op) return null;
    if (op.status === "CREATED" || op.status === "RUNNING") op.status = "CANCELING";
    return op;
  }

  /** Resolves when no operation is CREATED/RUNNING/CANCELING. */
  async idle(): Promise<void> {
    while (
      [...this.ops.values()].some((o) => o.status === "CREATED" || o.status === "RUNNING" || o.status === "CANCELING")
    )
      await new Promise((r) => setTimeout(r, 10));
  }

  private async run(op: BulkOperation, ctx: GqlContext): Promise<void> {
    op.status = "RUNNING";
    const minimum = new Promise((r) => setTimeout(r, this.minDurationMs));
    const doc = parse(op.query);
    const fragments = new Map(
      doc.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const root = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)!;
    const schema = this.schema();
    const def = schema.getQueryType()!.getFields()[root.name.value];
    const args = getArgumentValues(def, root) as { query?: string };
    const file = path.join(this.dir, `bulk-${op.id}.jsonl`);
    const out = fs.createWriteStream(file);
    const exec = new BulkExecutor(schema, fragments);
    let bytes = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const chunk = Buffer.from(pending.join(""), "utf8");
      pending = [];
      pendingLength = 0;
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
    };
    const emit = async (line: Record<string, unknown>): Promise<void> => {
      const text = JSON.stringify(line) + "\n";
      pending.push(text);
      pendingLength += text.length;
      op.objectCount++;
      if (pendingLength > 1 << 18) await flush();
    };
    exec.emitter = emit;
    const edges = root.selectionSet!.selections.find(
      (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "edges",
    );
    const node = edges?.selectionSet?.selections.find(
      (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "node",
    );
    const nodeType = getNamedType(def.type).name.replace(/Connection$/, "");
    const type = schema.getType(nodeType)!;
    let n = 0;
    for (const view of this.roots(root.name.value, ctx, args.query)) {
      if ((op.status as string) === "CANCELING") break;
      op.rootObjectCount++;
      if (node?.selectionSet) await exec.node(view, type, node.selectionSet, null, emit);
      if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    await flush();
    out.end();
    await once(out, "finish");
    await minimum;
    op.completedAt = this.context().at;
    op.file = file;
    op.fileSize = bytes;
    if ((op.status as string) === "CANCELING") op.status = "CANCELED";
    else {
      op.status = "COMPLETED";
      op.url = op.objectCount > 0 ? `${this.baseUrl}/_simulator/bulk/${op.id}.jsonl` : null;
    }
    this.onFinish(op);
  }

  private *roots(field: string, ctx: GqlContext, query: string | undefined): Generator<object> {
    const terms = parseQuery(query);
    if (field === "customers")
      for (const h of streamCustomers(ctx, terms)) yield customerView(ctx, h.customer, h.orders);
    else if (field === "orders")
      for (const r of streamOrders(ctx, terms)) yield orderView(ctx, r.order, r.customer, r.siblings);
    else if (field === "products") for (const p of ctx.store.catalog) yield productView(ctx, p);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
