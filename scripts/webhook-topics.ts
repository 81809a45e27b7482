// The webhook topics the app subscribes, read from shopify.app.toml, so the demo, the standalone
// simulator and the tests subscribe exactly what an install on a real store gets.
import fs from "node:fs";
import path from "node:path";

const APP_TOML = path.resolve(import.meta.dirname, "../shopify.app.toml");

export function subscribedTopics(toml: string = fs.readFileSync(APP_TOML, "utf8")): string[] {
  const text = toml.replace(/#.*$/gm, "");
  const lists = [...text.matchAll(/\b(?:compliance_)?topics = \[([^\]]*)\]/g)];
  return lists.flatMap((list) => [...list[1].matchAll(/"([^"]+)"/g)].map((topic) => topic[1]));
}
