// Settings screen: the merchant settings (Shop.settings), mappings and the sending check.
import { currencySymbol } from "~/shared/format";
import type { AppContext } from "~/runtime/app-context.server";
import {
  parseSettings,
  readSettings,
  storeSettings,
  type MerchantSettings,
  type SettingsErrors,
} from "~/shared/settings";
import { listDataRequests, type DataRequestRow } from "./data-requests.server";
import {
  deleteMapping,
  listMappings,
  saveMapping,
  type MappingField,
  type MappingRow,
  type ProductOption,
} from "./mappings.server";
import { sendingCheck, type SendingCheck } from "./sending-check.server";
import { senderView, senderAction, type SenderView, type SenderActionResult } from "./sender.server";

export interface SettingsView {
  settings: MerchantSettings;
  timezone: string;
  /** The shop currency's sign, for money inputs ("$", "¥", "CHF"). */
  currencySymbol: string;
  mappings: MappingRow[];
  products: ProductOption[];
  sending: SendingCheck;
  dataRequests: DataRequestRow[];
  sender: SenderView;
}

export async function settingsView(ctx: AppContext, shop: string): Promise<SettingsView> {
  const [shopRow, mappings, sending, dataRequests, sender] = await Promise.all([
    ctx.db.prisma.shop.findUnique({
      where: { domain: shop },
      select: { settings: true, ianaTimezone: true, currencyCode: true },
    }),
    listMappings(ctx, shop),
    sendingCheck(ctx, shop),
    listDataRequests(ctx, shop),
    senderView(ctx, shop),
  ]);
  return {
    settings: readSettings(shopRow?.settings),
    timezone: shopRow?.ianaTimezone ?? "UTC",
    currencySymbol: currencySymbol(shopRow?.currencyCode ?? "USD"),
    ...mappings,
    sending,
    dataRequests,
    sender,
  };
}

/** Stores validated settings, keeping any other keys in Shop.settings. */
export async function saveSettings(
  ctx: Pick<AppContext, "db">,
  shop: string,
  form: Record<string, string>,
): Promise<{ ok: true; settings: MerchantSettings } | { ok: false; errors: SettingsErrors }> {
  const parsed = parseSettings(form);
  if (!parsed.ok) return parsed;
  const row = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  const merged = storeSettings(row?.settings, parsed.settings) as object;
  await ctx.db.prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, settings: merged },
    update: { settings: merged },
  });
  return parsed;
}

export type SettingsActionResult =
  | { form: "settings"; ok: true }
  | { form: "settings"; ok: false; errors: SettingsErrors }
  | { form: "mapping"; ok: true; message: string }
  | { form: "mapping"; ok: false; errors: Partial<Record<MappingField, string>> }
  | SenderActionResult;

export async function settingsAction(
  ctx: AppContext,
  shop: string,
  form: Record<string, string>,
): Promise<SettingsActionResult> {
  if (form.intent === "saveMapping") {
    const r = await saveMapping(ctx, shop, form);
    return r.ok
      ? { form: "mapping", ok: true, message: "Mapping saved" }
      : { form: "mapping", ok: false, errors: r.errors };
  }
  if (form.intent === "saveSender" || form.intent === "testSender") return senderAction(ctx, shop, form);
  if (form.intent === "deleteMapping") {
    await deleteMapping(ctx, shop, form.productId ?? "");
    return { form: "mapping", ok: true, message: "Mapping removed" };
  }
  const r = await saveSettings(ctx, shop, form);
  return r.ok ? { form: "settings", ok: true } : { form: "settings", ok: false, errors: r.errors };
}
