// One Admin GraphQL request, answered the way Shopify answers it: HTTP 200 with `errors` for
// invalid documents and throttling, `extensions.cost` on every response.
import {
  execute,
  type GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from "graphql";
import type { GqlContext } from "../graphql/context";
import { adminSchema, DEFAULT_VERSION, isSupportedVersion } from "../graphql/schema";
import { actualQueryCost, requestedQueryCost } from "../graphql/cost";
import { rootValueFor } from "../graphql/root";
import type { CostBucket } from "./rate-limit";

/** Shopify rejects any single query whose requested cost exceeds this. */
export const MAX_SINGLE_QUERY_COST = 1000;

export interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface AdminResult {
  status: number;
  body: unknown;
}

const errorJson = (e: GraphQLError): Record<string, unknown> => {
  const json = e.toJSON() as unknown as Record<string, unknown>;
  return {
    ...json,
    extensions: {
      code:
        (e.extensions?.code as string | undefined) ?? (e.path ? "INTERNAL_SERVER_ERROR" : "GRAPHQL_VALIDATION_FAILED"),
      ...(e.extensions ?? {}),
    },
  };
};

export function operationNameOf(body: GraphqlBody): string | null {
  if (typeof body.operationName === "string") return body.operationName;
  if (typeof body.query !== "string") return null;
  const m = /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(body.query);
  return m ? m[1] : null;
}

export function schemaVersion(version: string): string {
  return isSupportedVersion(version) ? version : DEFAULT_VERSION;
}

export async function runAdminGraphql(
  body: GraphqlBody,
  version: string,
  ctx: GqlContext,
  bucket: CostBucket,
): Promise<AdminResult & { outcome: "ok" | "throttled" | "invalid" }> {
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } }, outcome: "invalid" };
  }
  const schema = adminSchema(schemaVersion(version));
  const variables =
    body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
  const operationName = typeof body.operationName === "string" ? body.operationName : null;
  let doc: DocumentNode;
  try {
    doc = parse(body.query);
  } catch (e) {
    return { status: 200, body: { errors: [errorJson(e as GraphQLError)] }, outcome: "invalid" };
  }
  const errors = validate(schema, doc);
  if (errors.length) return { status: 200, body: { errors: errors.map(errorJson) }, outcome: "invalid" };
  const requested = requestedQueryCost(schema, doc, operationName, variables);
  if (requested > MAX_SINGLE_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
      outcome: "invalid",
    };
  }
  if (!bucket.take(requested)) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
      outcome: "throttled",
    };
  }
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const result = await execute({
    schema,
    document: doc,
    variableValues: variables,
    operationName,
    contextValue: ctx,
    rootValue: rootValueFor(ctx, op?.operation ?? "query"),
  });
  const out: Record<string, unknown> = {};
  if (result.errors?.length) out.errors = result.errors.map(errorJson);
  out.data = result.data ?? null;
  const actual = actualQueryCost(out.data, requested, op?.operation ?? "query");
  bucket.refund(requested - actual);
  out.extensions = {
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() },
  };
  return { status: 200, body: out, outcome: "ok" };
}
