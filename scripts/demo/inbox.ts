// A real local SMTP server with a web inbox, for `npm run demo` and the tests (decision 0171):
// smtp-server receives the SMTP traffic, mailparser parses each message, and a small HTTP page
// lists them (subject, from, to) with each message's HTML (sandboxed) and text parts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface ReceivedMail {
  id: number;
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

export interface LocalInbox {
  smtpPort: number;
  /** smtp://[user:pass@]127.0.0.1:port, for RAPPORT_SMTP_URL or a merchant's own server. */
  smtpUrl: string;
  inboxUrl: string;
  messages: ReceivedMail[];
  /** Until `count` messages arrived (or the timeout passed: then it throws). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Every MAIL FROM answered with this SMTP reply (e.g. 451 or 550) until set to null. */
  reject(reply: { code: number; message: string } | null): void;
  /** Whole messages received per RCPT address, to check that none arrived twice. */
  countsByRecipient(): Map<string, number>;
  stop(): Promise<void>;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function listPage(messages: ReceivedMail[]): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${m.receivedAt.toISOString().slice(11, 19)}</td><td>${escapeHtml(m.envelope.to.join(", "))}</td><td><a href="/m/${m.id}">${escapeHtml(m.parsed.subject ?? "(no subject)")}</a></td><td>${escapeHtml(m.parsed.from?.text ?? "")}</td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local inbox (${messages.length})</title><meta http-equiv="refresh" content="10">
<style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left}</style></head>
<body><h1>Local inbox</h1><p>${messages.length} message(s) received by the demo's SMTP server. Refreshes every 10 s.</p>
<table><thead><tr><th>Time</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

function messagePage(m: ReceivedMail): string {
  const headers = ["from", "to", "reply-to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post"]
    .map(
      (h) =>
        `<tr><th>${h}</th><td>${escapeHtml(String(m.parsed.headerLines.find((l) => l.key === h)?.line.replace(/^[^:]*:\s*/, "") ?? ""))}</td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(m.parsed.subject ?? "")}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px}iframe{width:100%;height:640px;border:1px solid #ddd}pre{white-space:pre-wrap;background:#f4f4f5;padding:12px}th{text-align:left;padding-right:12px}</style></head>
<body><p><a href="/">← Inbox</a></p><h1>${escapeHtml(m.parsed.subject ?? "(no subject)")}</h1><table>${headers}</table>
<h2>HTML part</h2><iframe sandbox title="HTML part" src="/m/${m.id}/html"></iframe>
<h2>Text part</h2><pre>${escapeHtml(m.parsed.text ?? "")}</pre></body></html>`;
}

export async function startLocalInbox(
  options: {
    auth?: { user: string; pass: string };
    smtpPort?: number;
    httpPort?: number;
    /** Runs for each message before the SMTP server accepts it (the demo's shoppers read their mail here). */
    onReceive?: (mail: ReceivedMail) => void;
  } = {},
): Promise<LocalInbox> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let rejection: { code: number; message: string } | null = null;
  const serverOptions: SMTPServerOptions = {
    // Loopback only, plain SMTP: a local test server, never reachable from outside.
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass)
        return callback(null, { user: auth.username });
      const error = Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 });
      callback(error);
    },
    onMailFrom(_address, _session, callback) {
      if (!rejection) return callback();
      callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            const mail: ReceivedMail = {
              id: messages.length + 1,
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
              receivedAt: new Date(),
            };
            messages.push(mail);
            options.onReceive?.(mail);
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  };
  const smtp = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store", ...extra });
      res.end(body);
    };
    if (url.pathname === "/") return send(200, "text/html", listPage(messages));
    if (url.pathname === "/api/messages")
      return send(
        200,
        "application/json",
        JSON.stringify(
          messages.map((m) => ({
            id: m.id,
            to: m.envelope.to,
            subject: m.parsed.subject,
            text: m.parsed.text,
            html: m.parsed.html || null,
            headers: Object.fromEntries(m.parsed.headerLines.map((l) => [l.key, l.line.replace(/^[^:]*:\s*/, "")])),
          })),
        ),
      );
    const match = /^\/m\/(\d+)(\/html)?$/.exec(url.pathname);
    const m = match ? messages[Number(match[1]) - 1] : undefined;
    if (!m) return send(404, "text/plain", "No such message");
    // The HTML part as the mail client would show it, in a sandbox: no script runs.
    if (match![2])
      return send(200, "text/html", m.parsed.html || "<p>(no HTML part)</p>", {
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      });
    return send(200, "text/html", messagePage(m));
  });
  await new Promise<void>((resolve) => web.listen(options.httpPort ?? 0, "127.0.0.1", () => resolve()));
  const httpPort = (web.address() as AddressInfo).port;
  const auth = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : "";

  return {
    smtpPort,
    smtpUrl: `smtp://${auth}127.0.0.1:${smtpPort}`,
    inboxUrl: `http://127.0.0.1:${httpPort}/`,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} emails, received ${messages.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
      return messages.slice(0, count);
    },
    reject(reply) {
      rejection = reply;
    },
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const m of messages) for (const to of m.envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
