import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ConfirmModal } from "~/web/components/admin-ui/confirm-modal";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { parseRecordId } from "~/shared/ids";
import { PILLARS } from "~/segments/rules/pillars";
import type { SegmentRule } from "~/segments/rules";
import { routeErrorBoundary } from "~/web/components/route-error";
import { MemberPreviewCard } from "~/web/components/segment-builder/member-preview";
import { RuleEditor } from "~/web/components/segment-builder/rule-editor";
import { useToast } from "~/web/components/toast";
import { removeSegment, saveSegment, segmentDraft, type SegmentPreview } from "~/web/screens/segments.server";

// "new" is the builder for a segment not saved yet; anything else must be a well-formed id.
function segmentId(raw: string | undefined): string | null {
  if (raw === "new") return null;
  const id = parseRecordId(raw);
  if (!id) throw new Response("This segment doesn't exist. It may have been deleted.", { status: 404 });
  return id;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = segmentId(params.id);
  const draft = await segmentDraft(await appContext(), shop, id, new URL(request.url).searchParams.get("pillar"));
  if (!draft) throw new Response("This segment doesn't exist. It may have been deleted.", { status: 404 });
  return draft;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const id = segmentId(params.id);
  const form = await request.formData();
  if (form.get("intent") === "delete" && id) {
    const removed = await removeSegment(await appContext(), shop, id);
    return removed.ok ? redirect("/app/segments?deleted=1") : removed;
  }
  const result = await saveSegment(await appContext(), shop, id, {
    name: String(form.get("name") ?? ""),
    pillar: String(form.get("pillar") ?? ""),
    definition: String(form.get("definition") ?? ""),
  });
  return result.ok ? redirect(`/app/segments/${result.id}?saved=1`) : result;
};

export default function SegmentBuilder() {
  const draft = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const toast = useToast();
  const [name, setName] = useState(draft.name);
  const [pillar, setPillar] = useState<string>(draft.pillar ?? "");
  const [definition, setDefinition] = useState<SegmentRule>(draft.definition);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const preview = useFetcher<SegmentPreview>();
  const json = JSON.stringify(definition);
  const { submit: submitPreview } = preview;
  // Recount shortly after the merchant stops editing, not on every keystroke.
  useEffect(() => {
    const timer = setTimeout(
      () => submitPreview({ definition: json, name, pillar }, { method: "post", action: "/app/segments/preview" }),
      400,
    );
    return () => clearTimeout(timer);
  }, [json, name, pillar, submitPreview]);
  useEffect(() => {
    if (typeof window !== "undefined" && new URL(window.location.href).searchParams.get("saved"))
      toast.show("Segment saved");
  }, [toast, draft.id]);
  const errors = saved && !saved.ok ? saved.errors : {};
  const ruleErrors = errors.definition ?? (preview.data && !preview.data.ok ? preview.data.errors : []);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") !== "delete";
  // A segment not yet saved is an unsaved change in itself, even before any edit.
  const dirty =
    !draft.id || name !== draft.name || pillar !== (draft.pillar ?? "") || json !== JSON.stringify(draft.definition);
  const discard = () => {
    setName(draft.name);
    setPillar(draft.pillar ?? "");
    setDefinition(draft.definition);
  };
  return (
    <ScreenPage
      title={draft.id ? draft.name : "New segment"}
      backAction={{ content: "Segments", url: "/app/segments" }}
      save={{
        dirty,
        saving,
        onSave: () => submit({ name, pillar, definition: json }, { method: "post" }),
        onDiscard: discard,
      }}
      secondaryActions={
        draft.id ? [{ content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) }] : []
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.delete ? (
              <Banner tone="critical" title="Segment not deleted">
                {errors.delete}
              </Banner>
            ) : null}
            <Card>
              <Form method="post">
                <FormLayout>
                  <TextField
                    label="Name"
                    name="name"
                    value={name}
                    onChange={setName}
                    error={errors.name}
                    autoComplete="off"
                  />
                  <Select
                    label="Pillar"
                    name="pillar"
                    options={[{ value: "", label: "None" }, ...PILLARS.map((p) => ({ value: p.id, label: p.title }))]}
                    value={pillar}
                    onChange={setPillar}
                    error={errors.pillar}
                  />
                  <input type="hidden" name="definition" value={json} />
                </FormLayout>
              </Form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Rules
                </Text>
                <RuleEditor rule={definition} path="" errors={ruleErrors} onChange={setDefinition} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <MemberPreviewCard preview={preview.data} loading={preview.state !== "idle"} />
        </Layout.Section>
      </Layout>
      <ConfirmModal
        id="delete-segment"
        open={confirmDelete}
        title={`Delete ${draft.name}?`}
        confirmLabel="Delete segment"
        destructive
        loading={navigation.state === "submitting"}
        onConfirm={() => {
          // Closed at once: a refusal comes back as a banner on the page.
          setConfirmDelete(false);
          submit({ intent: "delete" }, { method: "post" });
        }}
        onClose={() => setConfirmDelete(false)}
      >
        <Text as="p">A segment that an active or paused campaign sends to can't be deleted. This can't be undone.</Text>
      </ConfirmModal>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Segment");
