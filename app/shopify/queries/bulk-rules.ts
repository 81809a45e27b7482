// Shopify's bulk-query restrictions, checked offline so a bad document fails in tests, not on
// a merchant's store. Rules from the live validator messages (docs/shopify-platform.md §2).
import {
  getNamedType,
  getNullableType,
  isListType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type FieldNode,
  type GraphQLSchema,
} from "graphql";

const isConnection = (typeName: string): boolean => typeName.endsWith("Connection");

export function bulkQueryProblems(schema: GraphQLSchema, document: string): string[] {
  const problems: string[] = [];
  const ast = parse(document);
  const info = new TypeInfo(schema);
  let connections = 0;
  // Per open field: is it a connection, a list, and does it select id.
  const stack: { connection: boolean; list: boolean; name: string; node: FieldNode }[] = [];
  visit(
    ast,
    visitWithTypeInfo(info, {
      OperationDefinition(node) {
        if (node.operation !== "query") problems.push("only query operations are supported");
      },
      Field: {
        enter(node) {
          const type = info.getType();
          const named = type ? getNamedType(type).name : "";
          const connection = isConnection(named);
          const list = type ? isListType(getNullableType(type)) : false;
          if (stack.length === 0 && (node.name.value === "node" || node.name.value === "nodes"))
            problems.push("no top-level node/nodes");
          if (connection) {
            connections += 1;
            const depth = stack.filter((f) => f.connection).length + 1;
            if (depth > 2) problems.push(`connection ${node.name.value} nested deeper than 2`);
            if (stack.some((f) => f.list && !f.connection))
              problems.push(`connection ${node.name.value} inside a list field`);
            const selected =
              node.selectionSet?.selections.flatMap((s) => (s.kind === "Field" ? [s.name.value] : [])) ?? [];
            if (selected.includes("nodes"))
              problems.push(`connection ${node.name.value} selects nodes (edges/node only)`);
            if (depth > 1) {
              const parentNode = [...stack].reverse().find((f) => f.name === "node");
              const ids = parentNode?.node.selectionSet?.selections.some(
                (s) => s.kind === "Field" && s.name.value === "id" && !s.alias,
              );
              if (!ids) problems.push(`parent of ${node.name.value} must select id`);
            }
          }
          stack.push({
            connection,
            list: list && !connection && node.name.value !== "edges",
            name: node.name.value,
            node,
          });
        },
        leave() {
          stack.pop();
        },
      },
    }),
  );
  if (connections === 0) problems.push("at least one connection");
  if (connections > 5) problems.push(`${connections} connections (max 5)`);
  if (document.length > 65_535) problems.push("longer than 65,535 bytes");
  return problems;
}
