import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppShell } from "~/components/app-shell";
import { requireMerchant } from "~/auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const merchant = await requireMerchant(request);
  return { embedded: merchant.embedded, apiKey: merchant.apiKey, shop: merchant.shop };
};

export default function AppLayout() {
  const { embedded, apiKey, shop } = useLoaderData<typeof loader>();
  return (
    <AppShell embedded={embedded} apiKey={apiKey} shop={shop}>
      <Outlet />
    </AppShell>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
