// The small pages behind the unsubscribe link: a confirm form (GET) and the result (POST). Plain
// HTML with every dynamic value escaped; they are served through the storefront app proxy.
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, inner: string, status: number): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;background:#f4f4f5;margin:0;padding:48px 16px;color:#111827}main{max-width:480px;margin:auto;background:#fff;border-radius:8px;padding:24px}button{background:#111827;color:#fff;border:0;border-radius:6px;padding:12px 20px;font-size:16px;cursor:pointer}</style>
</head><body><main>${inner}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}

export function confirmPage(shopName: string): Response {
  const name = escapeHtml(shopName);
  return page(
    "Unsubscribe",
    `<h1>Unsubscribe from ${name} emails?</h1><p>You will no longer receive marketing emails from ${name}.</p>
<form method="post"><input type="hidden" name="confirm" value="1"><button type="submit">Unsubscribe</button></form>`,
    200,
  );
}

export function donePage(shopName: string): Response {
  const name = escapeHtml(shopName);
  return page(
    "Unsubscribed",
    `<h1>You are unsubscribed</h1><p>${name} will not send you marketing emails any more.</p>`,
    200,
  );
}

export function errorPage(message: string, status = 400): Response {
  return page("Link not valid", `<h1>This link does not work</h1><p>${escapeHtml(message)}</p>`, status);
}
