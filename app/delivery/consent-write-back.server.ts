// Writing an unsubscribe back to Shopify (decision 0173).
import type { AppContext } from "~/runtime/app-context.server";
import { AdminApiError } from "~/shopify/admin";
import { CUSTOMER_EMAIL_CONSENT_UPDATE } from "~/shopify/queries/consent";

interface ConsentUpdateResult {
  customerEmailMarketingConsentUpdate: {
    customer: { id: string } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}

export type WriteBackOutcome = "written" | "already" | "refused" | "missing";

/**
 * Sets the customer's email marketing state to UNSUBSCRIBED in Shopify. A userError (unknown
 * customer, no email) is permanent: kept in lastError, not retried. Anything else (network, 5xx,
 * throttling past the client's waits) is recorded and thrown, so graphile-worker retries the job
 * with its exponential backoff.
 */
export async function writeBackUnsubscribe(
  ctx: AppContext,
  shop: string,
  unsubscribeId: string,
): Promise<WriteBackOutcome> {
  const row = await ctx.db.prisma.unsubscribe.findFirst({ where: { id: unsubscribeId, shop } });
  if (!row) return "missing";
  if (row.writtenBackAt) return "already";
  const record = (data: { writtenBackAt?: Date; lastError?: string | null }) =>
    ctx.db.prisma.unsubscribe.update({ where: { shop_id: { shop, id: row.id } }, data });
  try {
    const admin = await ctx.admin(shop);
    const data = await admin.request<ConsentUpdateResult>(CUSTOMER_EMAIL_CONSENT_UPDATE, {
      input: {
        customerId: `gid://shopify/Customer/${row.customerId}`,
        emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: row.createdAt.toISOString() },
      },
    });
    const errors = data.customerEmailMarketingConsentUpdate?.userErrors ?? [];
    if (errors.length > 0) {
      const message = errors
        .map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message))
        .join("; ");
      await record({ lastError: `Shopify refused: ${message}` });
      ctx.log.warn("delivery.consentWriteBack refused", { shop, unsubscribeId, message });
      return "refused";
    }
    await record({ writtenBackAt: ctx.now(), lastError: null });
    return "written";
  } catch (error) {
    const message = error instanceof AdminApiError ? `${error.kind}: ${error.message}` : String(error);
    await record({ lastError: message });
    throw error;
  }
}
