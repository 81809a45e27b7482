import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app at its URL with ?shop=…&host=…; the admin pages live under /app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
};
