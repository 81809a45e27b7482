// Inside Shopify admin the app uses App Bridge (navigation menu, title bar, toasts); in demo
// mode, outside the admin, the same pages sit in a Polaris Frame with its own navigation. Screens
// read which one through useEmbedded() (components/admin-ui).
import { Link, useLocation } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Frame, Navigation, AppProvider as PolarisProvider } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json";
import { AppProvider as ShopifyAppProvider } from "@shopify/shopify-app-remix/react";
import type { ReactNode } from "react";
import { EmbeddedProvider } from "~/web/components/admin-ui/embedded";
import { NAV_ITEMS } from "~/web/components/nav";
import { ToastProvider } from "~/web/components/toast";

export function AppShell({
  embedded,
  apiKey,
  shop,
  children,
}: {
  embedded: boolean;
  apiKey: string;
  shop: string;
  children: ReactNode;
}) {
  const location = useLocation();
  if (embedded) {
    return (
      <ShopifyAppProvider isEmbeddedApp apiKey={apiKey}>
        <NavMenu>
          {NAV_ITEMS.map((item) => (
            <Link key={item.url} to={item.url} rel={item.url === "/app" ? "home" : undefined}>
              {item.label}
            </Link>
          ))}
        </NavMenu>
        <EmbeddedProvider embedded>
          <ToastProvider embedded>{children}</ToastProvider>
        </EmbeddedProvider>
      </ShopifyAppProvider>
    );
  }
  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section
        title={`Rapport · ${shop}`}
        items={NAV_ITEMS.map((item) => ({
          label: item.label,
          url: item.url,
          exactMatch: item.url === "/app",
          selected: item.url === "/app" ? location.pathname === "/app" : location.pathname.startsWith(item.url),
        }))}
      />
    </Navigation>
  );
  return (
    <PolarisProvider i18n={translations} linkComponent={PolarisLink}>
      <Frame navigation={navigation}>
        <EmbeddedProvider embedded={false}>
          <ToastProvider embedded={false}>{children}</ToastProvider>
        </EmbeddedProvider>
      </Frame>
    </PolarisProvider>
  );
}

function PolarisLink({ url, children, external, ...rest }: { url: string; children?: ReactNode; external?: boolean }) {
  if (external) {
    return (
      <a href={url} target="_blank" rel="noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}
