import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { appContext } from "~/runtime/app-context.server";
import { requireMerchant } from "~/web/auth.server";
import { ScreenPage } from "~/web/components/admin-ui/screen-page";
import { routeErrorBoundary } from "~/web/components/route-error";
import { createFromTemplate, templateChoices } from "~/web/screens/campaigns.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireMerchant(request);
  return templateChoices(new URL(request.url).searchParams.get("pillar"));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  const form = await request.formData();
  const created = await createFromTemplate(await appContext(), shop, String(form.get("template") ?? ""));
  return created.ok ? redirect(`/app/campaigns/${created.id}?created=1`) : created;
};

export default function NewCampaign() {
  const { pillars, templates, selected } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" ? navigation.formData?.get("template") : null;
  const shown = selected ? pillars.filter((p) => p.id === selected) : pillars;
  return (
    <ScreenPage
      title="Create campaign"
      subtitle="Pick a template; you can edit the message and audience before it goes live"
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
    >
      <Layout>
        {failed && !failed.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="The campaign was not created">
              {failed.error}
            </Banner>
          </Layout.Section>
        ) : null}
        {shown.map((pillar) => (
          <Layout.Section key={pillar.id}>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {pillar.title}
                </Text>
                <Text as="p" tone="subdued">
                  {pillar.description}
                </Text>
                {templates
                  .filter((t) => t.pillar === pillar.id)
                  .map((t) => (
                    <Form method="post" key={t.key}>
                      <input type="hidden" name="template" value={t.key} />
                      <InlineStack align="space-between" blockAlign="center" wrap={false} gap="300">
                        <BlockStack gap="050">
                          <Text as="h3" variant="headingSm">
                            {t.name}
                          </Text>
                          <Text as="p">{t.description}</Text>
                          <Text as="p" tone="subdued" variant="bodySm">
                            {t.trigger}
                          </Text>
                        </BlockStack>
                        <Button
                          submit
                          loading={pending === t.key}
                          disabled={Boolean(pending)}
                          accessibilityLabel={`Use template: ${t.name}`}
                        >
                          Use template
                        </Button>
                      </InlineStack>
                    </Form>
                  ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
        {selected ? (
          <Layout.Section>
            <Button variant="plain" url="/app/campaigns/new">
              Show templates for all pillars
            </Button>
          </Layout.Section>
        ) : null}
      </Layout>
    </ScreenPage>
  );
}

export const ErrorBoundary = routeErrorBoundary("Create campaign");
