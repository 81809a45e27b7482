// Downloads from the app's own routes (CSV export, data-request reports). Inside the admin the app
// runs in an iframe without cookies, so a plain link is a document request with no session token
// and requireMerchant sends it to the login page. A fetch carrying App Bridge's ID token
// (`shopify.idToken()`) authenticates like any other request; the body is saved through a blob URL.
// Outside the admin (demo mode) there is no App Bridge and no token is needed.

interface AppBridgeGlobal {
  shopify?: { idToken?: () => Promise<string> };
}

/** fetch() with `Authorization: Bearer <ID token>` when App Bridge is present. */
export async function authenticatedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const idToken = (globalThis as AppBridgeGlobal).shopify?.idToken;
  const headers = new Headers(init.headers);
  if (idToken) headers.set("Authorization", `Bearer ${await idToken()}`);
  return fetch(url, { ...init, headers });
}

/** The file name from a Content-Disposition header, or the fallback. */
export function attachmentName(contentDisposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(contentDisposition ?? "")?.[1] ?? fallback;
}

/** Fetches `url` with the session token and saves the response as a file. Throws on a non-2xx. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await authenticatedFetch(url);
  if (!response.ok) throw new Error(`download failed (${response.status})`);
  const name = attachmentName(response.headers.get("Content-Disposition"), fallbackName);
  const blobUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = blobUrl;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking later leaves the browser time to read it.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 1_000);
}
