// The soak's SMTP server: a real one (smtp-server) that can be told to refuse the next messages
// with a reply code, or to answer them slowly. It keeps every message it accepted, by its
// Message-ID, so the soak can tell whether a customer got the same message twice.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface AcceptedMail {
  messageId: string;
  to: string[];
  receivedAt: number;
}

export interface FaultySmtp {
  url: string;
  accepted: AcceptedMail[];
  /** The next `count` messages get `code` (4xx: try again later; 5xx: refused for good) after their data. */
  failNext(count: number, code: number): void;
  /** The next `count` messages are answered after `delayMs`. */
  slowNext(count: number, delayMs: number): void;
  stats(): { accepted: number; refused: number; slowed: number };
  stop(): Promise<void>;
}

const messageIdOf = (raw: string): string => /^message-id:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? "";

export async function startFaultySmtp(): Promise<FaultySmtp> {
  const accepted: AcceptedMail[] = [];
  let failing = { count: 0, code: 451 };
  let slow = { count: 0, delayMs: 0 };
  let refused = 0;
  let slowed = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (failing.count > 0) {
          failing = { ...failing, count: failing.count - 1 };
          refused++;
          const error = Object.assign(new Error("soak: mailbox unavailable, try again later"), {
            responseCode: failing.code,
          });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        // Taken when the data is in, as a real server would queue it, even if the reply is slow.
        accepted.push({
          messageId: messageIdOf(raw),
          to: session.envelope.rcptTo.map((r) => r.address),
          receivedAt: Date.now(),
        });
        if (slow.count > 0) {
          slow = { ...slow, count: slow.count - 1 };
          slowed++;
          setTimeout(() => callback(), slow.delayMs);
          return;
        }
        callback();
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    failNext: (count, code) => {
      failing = { count, code };
    },
    slowNext: (count, delayMs) => {
      slow = { count, delayMs };
    },
    stats: () => ({ accepted: accepted.length, refused, slowed }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
