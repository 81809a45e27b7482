import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { AppProvider as PolarisProvider } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppShell } from "~/web/components/app-shell";
import { RouteError } from "~/web/components/route-error";
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

// Shopify needs Remix to catch some thrown responses, so that their headers are included. Anything
// else (a navigation whose data could not be fetched or read) is shown as every screen shows its
// errors, rather than thrown on to Remix's bare "Application Error" page with a stack trace.
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) return boundary.error(error);
  return (
    <PolarisProvider i18n={translations}>
      <RouteError title="Rapport" />
    </PolarisProvider>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
