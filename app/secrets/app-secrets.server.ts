// Which secret and which keyring this process uses, by mode (decisions 0110, 0111). Production
// needs both configured; outside production a missing keyring is derived from the app secret
// under the reserved key id "dev", which a production configuration refuses.
import { hkdfSync } from "node:crypto";
import { env, type Env } from "~/env.server";
import { DEMO_API_SECRET } from "~/shopify/demo-credentials";
import { DEV_KEY_ID, makeKeyring, parseKeyring, type Keyring } from "./secret-box.server";

export type SecretConfig = Pick<Env, "RAPPORT_MODE" | "SHOPIFY_API_SECRET" | "RAPPORT_ENCRYPTION_KEYS">;

/** The Shopify API secret; the public demo secret only ever stands in for it in the test suite. */
export function resolveApiSecret(config: SecretConfig): string {
  if (config.SHOPIFY_API_SECRET) return config.SHOPIFY_API_SECRET;
  if (config.RAPPORT_MODE === "test") return DEMO_API_SECRET;
  throw new Error(`SHOPIFY_API_SECRET is required in ${config.RAPPORT_MODE} mode`);
}

export function resolveKeyring(config: SecretConfig): Keyring {
  if (config.RAPPORT_ENCRYPTION_KEYS) return parseKeyring(config.RAPPORT_ENCRYPTION_KEYS);
  if (config.RAPPORT_MODE === "production") throw new Error("RAPPORT_ENCRYPTION_KEYS is required in production mode");
  const key = Buffer.from(hkdfSync("sha256", resolveApiSecret(config), "", "rapport/dev-secret-box/v1", 32));
  return makeKeyring([{ id: DEV_KEY_ID, key }]);
}

let keyring: Keyring | undefined;

/** This process's keyring, from the validated environment. */
export function appKeyring(): Keyring {
  keyring ??= resolveKeyring(env());
  return keyring;
}
