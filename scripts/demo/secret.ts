// The demo's app secret: random per run (decision 0111). The published DEMO_API_SECRET would let
// anyone who read this repo sign webhooks and session tokens the demo accepts.
import { randomBytes } from "node:crypto";

export function demoRunSecret(): string {
  return randomBytes(32).toString("base64url");
}
