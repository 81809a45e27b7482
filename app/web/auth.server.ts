// Who is asking: inside Shopify admin the session token (token exchange) names the shop; in demo
// mode the app serves, without a login, the simulated shop the demo launcher named
// (RAPPORT_DEMO_SHOP) and no other, even if the database holds other shops (decision 0111).
import { env } from "~/env.server";
import { db } from "~/db.server";
import { authenticate, DEMO_API_KEY } from "~/shopify.server";

export interface MerchantContext {
  shop: string;
  /** True inside Shopify admin (App Bridge present); false in demo mode. */
  embedded: boolean;
  apiKey: string;
}

export async function requireMerchant(request: Request): Promise<MerchantContext> {
  const config = env();
  if (config.RAPPORT_MODE === "demo") {
    const shop = config.RAPPORT_DEMO_SHOP ?? "";
    const session = await db().prisma.session.findUnique({ where: { id: `offline_${shop}` }, select: { shop: true } });
    if (!session || session.shop !== shop)
      throw new Response("The demo store is not installed yet: start the app with `npm run demo`.", { status: 503 });
    return { shop: session.shop, embedded: false, apiKey: DEMO_API_KEY };
  }
  const { session } = await authenticate.admin(request);
  return { shop: session.shop, embedded: true, apiKey: config.SHOPIFY_API_KEY ?? "" };
}
