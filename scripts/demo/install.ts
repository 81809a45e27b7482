// Installs Rapport into the simulated store the way Shopify would after OAuth: an offline
// session with the store's token, webhook subscriptions, and the backfill queued by the same
// code path a real install takes (install.server.ts). The merchant's product mappings are seeded
// from the demo catalogue so the affinity and re-engagement pillars have something to show.
import type { AppContext } from "~/runtime/app-context.server";
import { enqueueBackfillAfterInstall } from "~/ingest/install.server";
import { appKeyring } from "~/secrets/app-secrets.server";
import { encryptSecret } from "~/secrets/secret-box.server";
import type { TokenResponse } from "~sim/index";
import type { SimProduct } from "~sim/store/model";
import { subscribedTopics } from "../webhook-topics";

/** What the install needs of the store: the in-process simulator, or the soak's view of one in another process. */
export interface InstallSource {
  shop: string;
  tokens: { installed: TokenResponse };
  webhooks: { subscribe(url: string, topics: string[]): void | Promise<void> };
  store: { catalog: readonly SimProduct[] };
  clock: { now(): Date };
}

export async function installDemo(ctx: AppContext, sim: InstallSource, appOrigin: string): Promise<void> {
  // The expiring pair token exchange would give, stored the way the app's session storage stores
  // it: tokens encrypted (decision 0110), expiry times as @shopify/shopify-api computes them. The
  // worker refreshes it before the hour is up (decision 0136).
  const grant = sim.tokens.installed;
  const keyring = appKeyring();
  const at = (seconds: number | undefined) => (seconds === undefined ? null : new Date(Date.now() + seconds * 1000));
  const tokens = {
    accessToken: encryptSecret(keyring, grant.access_token),
    refreshToken: grant.refresh_token === undefined ? null : encryptSecret(keyring, grant.refresh_token),
    expires: at(grant.expires_in),
    refreshTokenExpires: at(grant.refresh_token_expires_in),
    scope: grant.scope,
  };
  await ctx.db.prisma.session.upsert({
    where: { id: `offline_${sim.shop}` },
    create: { id: `offline_${sim.shop}`, shop: sim.shop, state: "demo", isOnline: false, ...tokens },
    update: tokens,
  });
  await sim.webhooks.subscribe(`${appOrigin}/webhooks`, subscribedTopics());
  for (const product of sim.store.catalog) {
    if (product.premiumProductId === null && product.relaunchedAt === null) continue;
    const relaunched = product.relaunchedAt !== null && product.relaunchedAt <= sim.clock.now().getTime();
    const data = {
      premiumProductId: product.premiumProductId === null ? null : BigInt(product.premiumProductId),
      relaunchedAt: relaunched ? new Date(product.relaunchedAt!) : null,
      relaunchNote: relaunched ? `The new ${product.title}: improved fit and fabric.` : null,
    };
    await ctx.db.prisma.productMapping.upsert({
      where: { shop_productId: { shop: sim.shop, productId: BigInt(product.id) } },
      create: { shop: sim.shop, productId: BigInt(product.id), ...data },
      update: data,
    });
  }
  await enqueueBackfillAfterInstall(sim.shop);
}
