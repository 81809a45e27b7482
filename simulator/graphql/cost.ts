// Shopify's calculated query cost, approximated: scalars and enums 0, objects 1, connections
// 2 + (first|last) x the cost of one node, mutations 10. A list fetched by ids (`nodes(ids:)`)
// costs one element per id: Shopify sizes a field by its arguments, and 250 ids are not the price
// of one object (decision 0208).
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ArgumentNode,
  type GraphQLInputType,
} from "graphql";
import { isConnectionType } from "../bulk/validate";

export function requestedQueryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  if (!op) return 1;
  const fragments = new Map(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const rootType = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!rootType) return 1;

  const argNumber = (node: { arguments?: readonly ArgumentNode[] }, name: string): number | null => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return null;
    const v = valueFromAST(arg.value, schema.getType("Int") as GraphQLInputType, variables);
    return typeof v === "number" ? v : null;
  };

  const argListLength = (node: { arguments?: readonly ArgumentNode[] }, name: string): number | null => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return null;
    if (arg.value.kind === Kind.LIST) return arg.value.values.length;
    if (arg.value.kind === Kind.VARIABLE) {
      const v = variables[arg.value.name.value];
      return Array.isArray(v) ? v.length : null;
    }
    return null;
  };

  const cost = (set: SelectionSetNode, parent: GraphQLNamedType, seen: number): number => {
    if (seen > 20) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? (schema.getType(s.typeCondition.name.value) ?? parent) : parent;
        total += cost(s.selectionSet, t, seen + 1);
        continue;
      }
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (f) total += cost(f.selectionSet, schema.getType(f.typeCondition.name.value) ?? parent, seen + 1);
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const def = parent.getFields()[s.name.value];
      if (!def) continue;
      const type = getNamedType(def.type);
      if (!isCompositeType(type) || !s.selectionSet) continue;
      if (isConnectionType(type)) {
        const n = argNumber(s, "first") ?? argNumber(s, "last") ?? 1;
        let per = 0;
        for (const inner of s.selectionSet.selections) {
          if (inner.kind !== Kind.FIELD || !inner.selectionSet) continue;
          const innerDef = isObjectType(type) ? type.getFields()[inner.name.value] : undefined;
          if (!innerDef) continue;
          const innerType = getNamedType(innerDef.type);
          if (inner.name.value === "nodes") per = Math.max(per, 1 + cost(inner.selectionSet, innerType, seen + 1));
          else if (inner.name.value === "edges") per = Math.max(per, cost(inner.selectionSet, innerType, seen + 1));
        }
        total += 2 + n * per;
      } else if (isListType(getNullableType(def.type))) {
        const n = Math.max(1, argListLength(s, "ids") ?? 1);
        total += n * (1 + cost(s.selectionSet, type, seen + 1));
      } else {
        total += 1 + cost(s.selectionSet, type, seen + 1);
      }
    }
    return total;
  };
  if (op.operation === "mutation") return 10 * op.selectionSet.selections.length;
  return Math.max(1, cost(op.selectionSet, rootType, 0));
}

/**
 * Shopify charges the requested cost up front and refunds the difference once it knows what the
 * query actually returned. Approximation: each object in the response counts 1 (as Shopify
 * counts objects), never more than was requested; mutations keep their requested cost.
 */
export function actualQueryCost(
  data: unknown,
  requested: number,
  operation: "query" | "mutation" | "subscription",
): number {
  if (operation !== "query") return requested;
  let objects = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value !== null && typeof value === "object") {
      objects += 1;
      for (const child of Object.values(value)) walk(child);
    }
  };
  walk(data);
  // The root data object itself is free.
  return Math.min(requested, Math.max(0, objects - 1));
}
