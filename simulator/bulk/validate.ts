// Shopify's bulk-query restrictions (shared/docs/shopify-platform.md §2).
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  validate,
  type FieldNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLNamedType,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
} from "graphql";

export const MAX_BULK_QUERY_BYTES = 65_535;
export const isConnectionType = (t: GraphQLNamedType): boolean =>
  t.name.endsWith("Connection") && isObjectType(t) && "pageInfo" in t.getFields();

const unwrapList = (t: GraphQLOutputType): boolean => (isNonNullType(t) ? isListType(t.ofType) : isListType(t));

export function validateBulkQuery(schema: GraphQLSchema, query: string): string[] {
  if (Buffer.byteLength(query, "utf8") > MAX_BULK_QUERY_BYTES)
    return [`The query exceeds the maximum length of ${MAX_BULK_QUERY_BYTES} bytes.`];
  let doc;
  try {
    doc = parse(query);
  } catch (e) {
    return [`Invalid bulk query: ${(e as Error).message}`];
  }
  const errors = validate(schema, doc).map((e) => e.message);
  if (errors.length) return errors;
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.operation !== "query") return ["Invalid operation type. Only `query` operations are supported."];
  const fragments = new Map(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const problems: string[] = [];
  let connections = 0;
  for (const root of op.selectionSet.selections) {
    if (root.kind === Kind.FIELD && (root.name.value === "node" || root.name.value === "nodes"))
      problems.push(`Bulk queries cannot contain a top level \`${root.name.value}\` field.`);
  }
  const noId: string[] = [];
  const nodesUsed: string[] = [];
  // depth = how many connections enclose this selection (0 at the root).
  const walk = (
    set: SelectionSetNode,
    parentType: GraphQLNamedType,
    depth: number,
    inList: boolean,
    parentConnection: string | null,
  ): void => {
    for (const field of fieldsOf(set, fragments)) {
      if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
      const def = parentType.getFields()[field.name.value];
      if (!def) continue;
      const type = getNamedType(def.type);
      const listHere = inList || unwrapList(def.type);
      if (isConnectionType(type)) {
        connections++;
        if (unwrapList(def.type) || inList)
          problems.push("Queries that contain a connection field within a list field are not currently supported.");
        if (depth >= 3) problems.push("Bulk queries cannot contain connections with a nesting depth greater than 2.");
        const inner = fieldsOf(field.selectionSet!, fragments);
        if (inner.some((f) => f.name.value === "nodes")) nodesUsed.push(field.name.value);
        if (parentConnection && !set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias))
          noId.push(parentConnection);
        const edges = inner.find((f) => f.name.value === "edges");
        const node = edges?.selectionSet
          ? fieldsOf(edges.selectionSet, fragments).find((f) => f.name.value === "node")
          : undefined;
        const nodeType = getNamedType((type as GraphQLObjectType).getFields().edges?.type);
        const nodeDef = nodeType && isObjectType(nodeType) ? nodeType.getFields().node : undefined;
        if (node?.selectionSet && nodeDef)
          walk(node.selectionSet, getNamedType(nodeDef.type), depth + 1, false, field.name.value);
      } else if (field.selectionSet) {
        walk(field.selectionSet, type, depth, listHere, parentConnection);
      }
    }
  };
  walk(op.selectionSet, schema.getQueryType()!, 0, false, null);
  if (nodesUsed.length) {
    const names = [...new Set(nodesUsed)];
    problems.push(
      `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${names[0]} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${names.map((n) => `'${n}'`).join(", ")}.`,
    );
  }
  if (noId.length)
    problems.push(
      `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${[...new Set(noId)].join(", ")}.`,
    );
  if (connections === 0) problems.push("Bulk queries must contain at least one connection.");
  if (connections > 5) problems.push("Bulk queries cannot contain more than 5 connections.");
  return [...new Set(problems)];
}

/** Fields of a selection set with fragments flattened (type conditions are checked at run time). */
export function fieldsOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, fragments));
    else {
      const f = fragments.get(s.name.value);
      if (f) out.push(...fieldsOf(f.selectionSet, fragments));
    }
  }
  return out;
}
