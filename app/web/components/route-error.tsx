// Every screen's ErrorBoundary: a critical Banner with what went wrong and a way back.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";

export function errorMessage(error: unknown): { title: string; detail: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404)
      return {
        title: "We couldn't find that page",
        detail: typeof error.data === "string" && error.data ? error.data : "It may have been deleted.",
      };
    return {
      title: `Something went wrong (${error.status})`,
      detail: typeof error.data === "string" ? error.data : error.statusText,
    };
  }
  // A thrown Error's message is for developers (in the browser: a failed fetch, an unreadable
  // response); the server's are already replaced by "Unexpected Server Error" in production.
  return {
    title: "Something went wrong",
    detail: "The page could not be loaded. Check your connection and try again in a moment.",
  };
}

export function RouteError({ title: pageTitle }: { title: string }) {
  const { title, detail } = errorMessage(useRouteError());
  return (
    <Page title={pageTitle}>
      <Layout>
        <Layout.Section>
          <Banner
            tone="critical"
            title={title}
            action={{ content: "Try again", onAction: () => window.location.reload() }}
          >
            <BlockStack gap="200">
              <Text as="p">{detail}</Text>
              <Text as="p" tone="subdued">
                If this keeps happening, check Settings → Sending setup for failed background jobs.
              </Text>
            </BlockStack>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** A route's ErrorBoundary: `export const ErrorBoundary = routeErrorBoundary("Customers");`. */
export function routeErrorBoundary(title: string) {
  return function ErrorBoundary() {
    return <RouteError title={title} />;
  };
}
