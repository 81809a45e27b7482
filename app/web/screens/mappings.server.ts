// Premium-product and relaunch mappings (ProductMapping), maintained by the merchant.
import type { AppContext } from "~/runtime/app-context.server";
import { parseShopifyId } from "~/shared/ids";

export interface MappingRow {
  productId: string;
  productTitle: string;
  premiumProductId: string | null;
  premiumTitle: string | null;
  relaunchedAt: string | null;
  relaunchNote: string | null;
}

export interface ProductOption {
  id: string;
  title: string;
}

export type MappingField = "productId" | "premiumProductId" | "relaunchedAt" | "relaunchNote";
export type MappingResult = { ok: true } | { ok: false; errors: Partial<Record<MappingField, string>> };

export async function listMappings(
  ctx: Pick<AppContext, "db">,
  shop: string,
): Promise<{ mappings: MappingRow[]; products: ProductOption[] }> {
  const [rows, products] = await Promise.all([
    ctx.db.prisma.productMapping.findMany({ where: { shop } }),
    ctx.db.prisma.product.findMany({
      where: { shop },
      select: { id: true, title: true },
      orderBy: { title: "asc" },
      take: 1000,
    }),
  ]);
  const title = new Map(products.map((p) => [p.id.toString(), p.title]));
  return {
    products: products.map((p) => ({ id: p.id.toString(), title: p.title })),
    mappings: rows
      .map((m) => ({
        productId: m.productId.toString(),
        productTitle: title.get(m.productId.toString()) ?? `Product ${m.productId}`,
        premiumProductId: m.premiumProductId?.toString() ?? null,
        premiumTitle: m.premiumProductId
          ? (title.get(m.premiumProductId.toString()) ?? `Product ${m.premiumProductId}`)
          : null,
        relaunchedAt: m.relaunchedAt?.toISOString().slice(0, 10) ?? null,
        relaunchNote: m.relaunchNote,
      }))
      .sort((a, b) => a.productTitle.localeCompare(b.productTitle)),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function saveMapping(
  ctx: Pick<AppContext, "db" | "now">,
  shop: string,
  form: Record<string, string>,
): Promise<MappingResult> {
  const errors: Partial<Record<MappingField, string>> = {};
  const productId = (form.productId ?? "").trim();
  const premium = (form.premiumProductId ?? "").trim();
  const relaunched = (form.relaunchedAt ?? "").trim();
  const note = (form.relaunchNote ?? "").trim();
  if (parseShopifyId(productId) === null) errors.productId = "Choose a product";
  if (premium && parseShopifyId(premium) === null) errors.premiumProductId = "Choose a premium product";
  if (premium && premium === productId) errors.premiumProductId = "The premium version must be a different product";
  let relaunchedAt: Date | null = null;
  if (relaunched) {
    relaunchedAt = DAY.test(relaunched) ? new Date(`${relaunched}T00:00:00Z`) : null;
    if (!relaunchedAt || Number.isNaN(relaunchedAt.getTime())) errors.relaunchedAt = "Enter a date such as 2026-11-01";
    else if (relaunchedAt.getTime() > ctx.now().getTime())
      errors.relaunchedAt = "The relaunch date can't be in the future";
  }
  if (note.length > 200) errors.relaunchNote = "Keep the description under 200 characters";
  if (note && !relaunched) errors.relaunchedAt = "Add the relaunch date for this description";
  if (!premium && !relaunched && !errors.productId)
    errors.premiumProductId = "Choose a premium version, a relaunch date, or both";
  if (Object.keys(errors).length) return { ok: false, errors };
  const ids = [BigInt(productId), ...(premium ? [BigInt(premium)] : [])];
  const found = await ctx.db.prisma.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true } });
  if (!found.some((p) => p.id === BigInt(productId)))
    return { ok: false, errors: { productId: "This product isn't in your store" } };
  if (premium && !found.some((p) => p.id === BigInt(premium)))
    return { ok: false, errors: { premiumProductId: "This product isn't in your store" } };
  const data = { premiumProductId: premium ? BigInt(premium) : null, relaunchedAt, relaunchNote: note || null };
  await ctx.db.prisma.productMapping.upsert({
    where: { shop_productId: { shop, productId: BigInt(productId) } },
    create: { shop, productId: BigInt(productId), ...data },
    update: data,
  });
  return { ok: true };
}

export async function deleteMapping(ctx: Pick<AppContext, "db">, shop: string, productId: string): Promise<boolean> {
  if (parseShopifyId(productId) === null) return false;
  const result = await ctx.db.prisma.productMapping.deleteMany({ where: { shop, productId: BigInt(productId) } });
  return result.count > 0;
}
