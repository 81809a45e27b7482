// Resource route for the builder's live count and member preview.
import type { ActionFunctionArgs } from "@remix-run/node";
import { reportsContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { previewSegment } from "~/web/screens/segments.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const form = await request.formData();
  let definition: unknown;
  try {
    definition = JSON.parse(String(form.get("definition") ?? "null"));
  } catch {
    return { ok: false as const, errors: [{ path: "", message: "The rules could not be read." }] };
  }
  // Name and pillar only decide whether the VIP share warning applies; bounded like any typed text.
  const name = String(form.get("name") ?? "").slice(0, 200);
  const pillar = String(form.get("pillar") ?? "").slice(0, 40) || null;
  return previewSegment(await reportsContext(), shop, definition, { name, pillar });
};
