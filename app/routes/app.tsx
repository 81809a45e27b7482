import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppShell } from "~/web/components/app-shell";
import { ScreenSkeleton } from "~/web/components/screen-skeleton";
import { requireMerchant } from "~/web/auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const merchant = await requireMerchant(request);
  return { embedded: merchant.embedded, apiKey: merchant.apiKey, shop: merchant.shop };
};

export default function AppLayout() {
  const { embedded, apiKey, shop } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  // Moving to another screen shows its skeleton at once; reloading the same screen keeps it visible.
  const switching = navigation.state === "loading" && navigation.location.pathname !== location.pathname;
  return (
    <AppShell embedded={embedded} apiKey={apiKey} shop={shop}>
      {switching ? <ScreenSkeleton /> : <Outlet />}
    </AppShell>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
