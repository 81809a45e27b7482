// A small executor for bulk queries: walks the selection over our views and writes JSONL
// where each nested connection's nodes become their own lines with "__parentId". It skips
// graphql-js per object because a large export has millions of objects.
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "./validate";

type View = Record<string, unknown>;
type Conn = { edges: { node: View }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
export type Emit = (line: View) => void | Promise<void>;

export class BulkExecutor {
  constructor(
    private schema: GraphQLSchema,
    private fragments: Map<string, FragmentDefinitionNode>,
  ) {}

  /** Writes one root node and its nested connection children. */
  async node(
    source: object,
    type: GraphQLNamedType,
    set: SelectionSetNode,
    parentId: string | null,
    emit: Emit,
  ): Promise<void> {
    const children: (() => Promise<void>)[] = [];
    const obj = this.object(source as View, type, set, children);
    if (parentId) obj.__parentId = parentId;
    await emit(obj);
    for (const child of children) await child();
  }

  private object(
    view: View,
    staticType: GraphQLNamedType,
    set: SelectionSetNode,
    children: (() => Promise<void>)[],
  ): View {
    const runtime = this.runtimeType(view, staticType);
    const out: View = {};
    for (const field of this.collect(set, runtime)) {
      const key = field.alias?.value ?? field.name.value;
      if (field.name.value === "__typename") {
        out[key] = runtime.name;
        continue;
      }
      if (!isObjectType(runtime) && !isInterfaceType(runtime)) continue;
      const def = runtime.getFields()[field.name.value];
      if (!def) continue;
      const fieldType = getNamedType(def.type);
      if (isConnectionType(fieldType)) {
        const parentId = String(view.id);
        children.push(() => this.connection(view, def, field, parentId));
        continue;
      }
      out[key] = this.value(this.read(view, def, field, {}), fieldType, field.selectionSet, children);
    }
    return out;
  }

  private value(
    raw: unknown,
    type: GraphQLNamedType,
    set: SelectionSetNode | undefined,
    children: (() => Promise<void>)[],
  ): unknown {
    const v = raw;
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((item) => this.value(item, type, set, children));
    if (!set) return v;
    return this.object(v as View, type, set, children);
  }

  private args = new Map<FieldNode, Record<string, unknown>>();
  private read(
    view: View,
    def: GraphQLField<unknown, unknown>,
    field: FieldNode,
    override: Record<string, unknown>,
  ): unknown {
    const raw = view[def.name];
    if (typeof raw !== "function") return raw;
    let args = this.args.get(field);
    if (!args) this.args.set(field, (args = getArgumentValues(def, field)));
    return (raw as (a: Record<string, unknown>) => unknown).call(view, { ...args, ...override });
  }

  private async connection(
    view: View,
    def: GraphQLField<unknown, unknown>,
    field: FieldNode,
    parentId: string,
  ): Promise<void> {
    const edges = this.collect(field.selectionSet!, getNamedType(def.type)).find((f) => f.name.value === "edges");
    const nodeField = edges?.selectionSet
      ? this.collect(edges.selectionSet, null).find((f) => f.name.value === "node")
      : undefined;
    if (!nodeField?.selectionSet) return;
    const connType = getNamedType(def.type);
    const edgeType = isObjectType(connType) ? getNamedType(connType.getFields().edges.type) : null;
    const nodeType = edgeType && isObjectType(edgeType) ? getNamedType(edgeType.getFields().node.type) : null;
    if (!nodeType) return;
    let after: string | null = null;
    for (;;) {
      const conn = this.read(view, def, field, { first: 250, last: null, after, before: null }) as Conn;
      for (const edge of conn.edges)
        await this.node(edge.node, nodeType, nodeField.selectionSet, parentId, this.emitter!);
      if (!conn.pageInfo.hasNextPage) return;
      after = conn.pageInfo.endCursor;
    }
  }

  emitter: Emit | null = null;

  private runtimeType(view: View, staticType: GraphQLNamedType): GraphQLNamedType {
    const name = typeof view.__typename === "string" ? view.__typename : null;
    return (name && this.schema.getType(name)) || staticType;
  }

  private collect(set: SelectionSetNode, runtime: GraphQLNamedType | null): FieldNode[] {
    const out: FieldNode[] = [];
    const applies = (cond: string | undefined): boolean => {
      if (!cond || !runtime) return true;
      if (cond === runtime.name) return true;
      const abstract = this.schema.getType(cond);
      return (
        !!abstract && isAbstractType(abstract) && isObjectType(runtime) && this.schema.isSubType(abstract, runtime)
      );
    };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(s.typeCondition?.name.value)) out.push(...this.collect(s.selectionSet, runtime));
      } else {
        const f = this.fragments.get(s.name.value);
        if (f && applies(f.typeCondition.name.value)) out.push(...this.collect(f.selectionSet, runtime));
      }
    }
    return out;
  }
}
