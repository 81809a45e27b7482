import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { requireMerchant } from "~/auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireMerchant(request);
  return { shop };
};

export default function Home() {
  const { shop } = useLoaderData<typeof loader>();
  return (
    <Page title="Rapport">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {shop}
              </Text>
              <EmptyState heading="Your store's customers will appear here" image="">
                <p>Rapport is reading your store's history. Pillars and campaigns show up once the first sync finishes.</p>
              </EmptyState>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
