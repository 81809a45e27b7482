// Request body limits, enforced while the body streams in (docs/decisions/0105): a declared
// Content-Length over the limit is refused before a byte is read, and a chunked body is cut off
// as soon as the bytes counted pass the limit, so no request can make the server buffer more.
import type http from "node:http";

/** POST /webhooks: Shopify's largest deliveries are around 1 MB; five times that leaves margin. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;
/** Every other request: the admin's forms and previews send a few kilobytes. */
export const GENERAL_BODY_LIMIT = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** The request declares its body's length (a Content-Length of digits). */
export function declaresLength(contentLength: string | null | undefined): boolean {
  return contentLength != null && /^\d+$/.test(contentLength.trim());
}

/** The Content-Length header says more than `limit` (absent or unreadable: undecided). */
export function declaresTooMuch(contentLength: string | null | undefined, limit: number): boolean {
  return declaresLength(contentLength) && Number(contentLength) > limit;
}

/**
 * Reads a request's web stream, throwing BodyTooLarge as soon as more than `limit` bytes have
 * come. The stream is left unread rather than cancelled: cancelling would destroy the socket
 * before the 413 could be sent; the answer closes the connection instead.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Buffer<ArrayBuffer>> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, seen);
    seen += value.byteLength;
    if (seen > limit) {
      reader.releaseLock();
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
}

/** Reads a Node request the same way: stops taking data (paused, not destroyed) past `limit`. */
export function readNodeLimited(req: http.IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > limit) {
        cleanup();
        req.pause();
        return reject(new BodyTooLarge(limit));
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, seen));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
  });
}

/** A 413 that closes the connection, so the rest of the body is never read. */
export function tooLargeResponse(limit: number): Response {
  return new Response(`Request body larger than ${limit} bytes`, {
    status: 413,
    headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
  });
}

function refuse(res: http.ServerResponse, status: 411 | 413, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    connection: "close",
  });
  // "connection: close": Node destroys the socket once the answer is out; the rest is never read.
  res.end(text);
}

/**
 * For requests handed to Express and Remix, which read the body themselves: a Content-Length
 * over `limit` gets 413, and a body without one (chunked) gets 411 unless `allowChunked` (the
 * webhook route counts such bodies itself). Returns false when it has answered.
 */
export function guardBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
  allowChunked: boolean,
): boolean {
  if (declaresTooMuch(req.headers["content-length"], limit)) {
    refuse(res, 413, `Request body larger than ${limit} bytes`);
    return false;
  }
  // With a Content-Length, Node's parser never delivers more than it says. Browsers always send
  // one; a chunked body could only be counted while Remix reads it, too late to refuse cleanly.
  if (req.headers["transfer-encoding"] !== undefined && !allowChunked) {
    refuse(res, 411, "A request body needs a Content-Length");
    return false;
  }
  return true;
}
