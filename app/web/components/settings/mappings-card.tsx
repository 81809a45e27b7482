// Premium-version and relaunch mappings: the affinity and re-engagement pillars depend on them.
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { MappingRow, ProductOption } from "~/web/screens/mappings.server";
import type { SettingsActionResult } from "~/web/screens/settings.server";
import { useToast } from "~/web/components/toast";

export function MappingsCard({ mappings, products }: { mappings: MappingRow[]; products: ProductOption[] }) {
  const fetcher = useFetcher<SettingsActionResult>();
  const toast = useToast();
  const empty = { productId: "", premiumProductId: "", relaunchedAt: "", relaunchNote: "" };
  const [draft, setDraft] = useState(empty);
  const result = fetcher.data?.form === "mapping" ? fetcher.data : undefined;
  const errors: Partial<Record<string, string>> = result && !result.ok ? result.errors : {};
  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) {
      toast.show(result.message);
    }
  }, [fetcher.state, result, toast]);
  const options = [{ value: "", label: "Choose a product" }, ...products.map((p) => ({ value: p.id, label: p.title }))];
  const set = (k: keyof typeof empty) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const saving = fetcher.state !== "idle" && fetcher.formData?.get("intent") === "saveMapping";
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Premium versions and relaunches
        </Text>
        {mappings.length === 0 ? (
          <Text as="p" tone="subdued">
            No mappings yet. Without them, the affinity and re-engagement pillars stay empty.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Product", "Premium version", "Relaunched", "What changed", ""]}
            rows={mappings.map((m) => [
              m.productTitle,
              m.premiumTitle ?? "—",
              m.relaunchedAt ?? "—",
              m.relaunchNote ?? "—",
              <Button
                key={m.productId}
                variant="plain"
                tone="critical"
                accessibilityLabel={`Remove mapping for ${m.productTitle}`}
                onClick={() => fetcher.submit({ intent: "deleteMapping", productId: m.productId }, { method: "post" })}
              >
                Remove
              </Button>,
            ])}
          />
        )}
        <FormLayout>
          <FormLayout.Group>
            <Select
              label="Product"
              options={options}
              value={draft.productId}
              onChange={set("productId")}
              error={errors.productId}
            />
            <Select
              label="Premium version"
              options={[{ value: "", label: "None" }, ...options.slice(1)]}
              value={draft.premiumProductId}
              onChange={set("premiumProductId")}
              error={errors.premiumProductId}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              label="Relaunched on"
              type="date"
              value={draft.relaunchedAt}
              onChange={set("relaunchedAt")}
              error={errors.relaunchedAt}
              autoComplete="off"
              helpText="When you released the improved version."
            />
            <TextField
              label="What changed"
              value={draft.relaunchNote}
              onChange={set("relaunchNote")}
              error={errors.relaunchNote}
              autoComplete="off"
              helpText="Used in the re-engagement message, e.g. “a roomier fit”."
            />
          </FormLayout.Group>
          <Button
            onClick={() => fetcher.submit({ intent: "saveMapping", ...draft }, { method: "post" })}
            loading={saving}
          >
            Save mapping
          </Button>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
