// Shopify ids: GraphQL gives gid://shopify/Type/123, REST webhooks give a number and
// admin_graphql_api_id. Numbers above 2^53 lose digits in JSON.parse, so the gid wins when present.

export function gidId(gid: string): bigint {
  const tail = gid.slice(gid.lastIndexOf("/") + 1);
  const end = tail.indexOf("?");
  return BigInt(end === -1 ? tail : tail.slice(0, end));
}

export function gidType(gid: string): string {
  const end = gid.lastIndexOf("/");
  return gid.slice(gid.lastIndexOf("/", end - 1) + 1, end);
}

export function toGid(type: string, id: bigint | number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface RestRef {
  id?: number | string | null;
  admin_graphql_api_id?: string | null;
}

export function restId(ref: RestRef): bigint {
  if (ref.admin_graphql_api_id) return gidId(ref.admin_graphql_api_id);
  if (ref.id === undefined || ref.id === null) throw new Error("payload object without id");
  return BigInt(ref.id);
}

export function optionalId(value: number | string | null | undefined): bigint | null {
  if (value === undefined || value === null || value === "") return null;
  return typeof value === "string" && value.startsWith("gid://") ? gidId(value) : BigInt(value);
}
