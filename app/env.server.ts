// The one validated view of the process environment. A bad value stops the process at start
// with one line naming the setting (see loadEnv / formatEnvError).
import { z } from "zod";
import { DEV_KEY_ID, parseKeyring, SecretBoxError } from "~/secrets/secret-box.server";

const modes = ["production", "development", "demo", "test"] as const;
export type AppMode = (typeof modes)[number];

const port = z.coerce.number().int().min(1).max(65535);

/** V8's old-space cap of the app's processes in MB (decision 0223): the default was measured on a 100k-customer backfill. */
export const DEFAULT_HEAP_MB = 128;
const MIN_HEAP_MB = 96;
const MAX_HEAP_MB = 65_536;
const heapMessage = `must be a whole number of MB from ${MIN_HEAP_MB} to ${MAX_HEAP_MB}, or 0 for V8's own sizing`;
// Shared by the whole schema and by parseHeapEnv, which entry points read before anything else.
const heapFields = {
  /** The app's processes start with --max-old-space-size of this many MB; 0 lets V8 size its heap itself. */
  RAPPORT_HEAP_MB: z
    .string()
    .regex(/^\d{1,6}$/, heapMessage)
    .transform(Number)
    .refine((mb) => mb === 0 || (mb >= MIN_HEAP_MB && mb <= MAX_HEAP_MB), heapMessage)
    .default(DEFAULT_HEAP_MB),
};

const schema = z
  .object({
    RAPPORT_MODE: z.enum(modes).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
    EMBEDDED_PG_DIR: z.string().min(1).default(".data/postgres"),
    EMBEDDED_PG_PORT: port.default(54329),
    PORT: port.default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    SHOPIFY_API_KEY: z.string().min(1).optional(),
    SHOPIFY_API_SECRET: z.string().min(1).optional(),
    SHOPIFY_APP_URL: z.string().url("must be a URL").default("http://localhost:3000"),
    SCOPES: z
      .string()
      .default(
        "read_customers,write_customers,read_orders,read_all_orders,read_returns,read_products,write_marketing_events",
      ),
    /** Demo and tests only: where Admin API and OAuth requests go instead of *.myshopify.com. */
    SHOPIFY_ADMIN_ORIGIN: z.string().url("must be a URL").optional(),
    /** "inline": the web process also runs the job worker; "off": a separate `npm run worker` does. */
    WORKER_MODE: z.enum(["inline", "off"]).default("inline"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** Web server processes sharing PORT (SO_REUSEPORT); the first also runs the inline worker. */
    WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    ...heapFields,
    /** Every log line as JSON to this file; the terminal then shows only warn and error (decision 0198). */
    LOG_FILE: z.string().min(1).max(4096).optional(),
    /** `id:base64key,…` (32-byte keys; the first encrypts, all decrypt). Required in production (decision 0110). */
    RAPPORT_ENCRYPTION_KEYS: z.string().optional(),
    /**
     * The operator's SMTP server for merchants who do not bring their own (decision 0171):
     * smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465.
     */
    RAPPORT_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/\s]+\/?$/, "must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587")
      .optional(),
    /** The domain of the From address on the operator's SMTP (<shop>@domain); it must be one the provider may send for. */
    RAPPORT_EMAIL_FROM_DOMAIN: z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$/i,
        "must be a domain name such as mail.example.com",
      )
      .optional(),
    /** Demo only: the simulated shop the demo serves without a login (set by scripts/demo.ts). */
    RAPPORT_DEMO_SHOP: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a *.myshopify.com domain")
      .optional(),
  })
  .superRefine((env, ctx) => {
    const needsShopify = env.RAPPORT_MODE === "production" || env.RAPPORT_MODE === "development";
    // Only the test suite may fall back to the public demo secret (decision 0111).
    const required = [
      ...(needsShopify ? (["SHOPIFY_API_KEY"] as const) : []),
      ...(env.RAPPORT_MODE !== "test" ? (["SHOPIFY_API_SECRET"] as const) : []),
      ...(env.RAPPORT_MODE === "production" ? (["RAPPORT_ENCRYPTION_KEYS"] as const) : []),
      ...(env.RAPPORT_MODE === "demo" ? (["RAPPORT_DEMO_SHOP"] as const) : []),
    ];
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `is required in ${env.RAPPORT_MODE} mode` });
    }
    if (env.RAPPORT_ENCRYPTION_KEYS) {
      const message = keyringProblem(env.RAPPORT_ENCRYPTION_KEYS, env.RAPPORT_MODE);
      if (message) ctx.addIssue({ code: "custom", path: ["RAPPORT_ENCRYPTION_KEYS"], message });
    }
    if (env.RAPPORT_MODE === "demo" && env.DATABASE_URL && !isLoopbackDatabase(env.DATABASE_URL)) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "must be on a loopback host in demo mode" });
    }
    if (env.RAPPORT_MODE === "demo" && !isLoopbackHost(env.HOST)) {
      ctx.addIssue({
        code: "custom",
        path: ["HOST"],
        message: "must be a loopback address in demo mode (127.0.0.1, ::1 or localhost)",
      });
    }
    if (env.RAPPORT_SMTP_URL && !env.RAPPORT_EMAIL_FROM_DOMAIN) {
      ctx.addIssue({
        code: "custom",
        path: ["RAPPORT_EMAIL_FROM_DOMAIN"],
        message: "is required with RAPPORT_SMTP_URL (the domain of the From address)",
      });
    }
    if (env.RAPPORT_MODE === "demo" && env.RAPPORT_SMTP_URL && !isLoopback(env.RAPPORT_SMTP_URL)) {
      ctx.addIssue({ code: "custom", path: ["RAPPORT_SMTP_URL"], message: "must be a loopback address in demo mode" });
    }
    if (env.RAPPORT_MODE === "production" && env.SHOPIFY_ADMIN_ORIGIN) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_ADMIN_ORIGIN"], message: "must not be set in production" });
    }
    if (env.RAPPORT_MODE === "demo" && env.SHOPIFY_ADMIN_ORIGIN && !isLoopback(env.SHOPIFY_ADMIN_ORIGIN)) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ADMIN_ORIGIN"],
        message: "must be a loopback address in demo mode",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A listen address or host name on this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** A postgresql:// URL whose server is on this machine: loopback host or a local socket directory. */
export function isLoopbackDatabase(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // libpq lets ?host= override the authority (a socket path or another host); all must be local.
  const hosts = [parsed.hostname, ...parsed.searchParams.getAll("host").flatMap((h) => h.split(","))].filter(
    (h) => h !== "",
  );
  // No host at all: node-postgres connects to localhost.
  return hosts.every((h) => h.startsWith("/") || isLoopbackHost(decodeURIComponent(h)));
}

function keyringProblem(spec: string, mode: AppMode): string | undefined {
  try {
    const keyring = parseKeyring(spec);
    if (mode === "production" && keyring.keys.some((k) => k.id === DEV_KEY_ID)) {
      return `key id "${DEV_KEY_ID}" is reserved for the development key and refused in production`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof SecretBoxError) return error.message;
    throw error;
  }
}

export class EnvError extends Error {}

function parsed<T>(target: z.ZodType<T>, source: Record<string, string | undefined>): T {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  const result = target.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue.path.join(".") || "environment";
  const value = cleaned[name];
  const shown =
    value === undefined || /SECRET|PASSWORD|DATABASE_URL|KEYS|SMTP_URL/.test(name) ? "" : ` (got "${value}")`;
  throw new EnvError(`${name}: ${issue.message}${shown}`);
}

/** Parses an environment; throws EnvError whose message is one line naming the setting. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return parsed(schema, source);
}

const heapSchema = z.object(heapFields);
export type HeapEnv = z.infer<typeof heapSchema>;

/**
 * The heap setting alone, for a process deciding how to start before its whole configuration is
 * set (the benchmarks, which run the app's code without its credentials); same rules and errors.
 */
export function parseHeapEnv(source: Record<string, string | undefined>): HeapEnv {
  return parsed(heapSchema, source);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For process entry points: exit with the one-line reason instead of a stack trace. */
export function loadEnvOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
