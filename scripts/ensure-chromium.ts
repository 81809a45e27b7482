// The browser tests drive Debian's Chromium (Playwright cannot download its own browsers here).
// Installs it when missing and we are root; otherwise says exactly what to run.
import { execSync } from "node:child_process";
import fs from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!fs.existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) {
    process.stderr.write(`Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium\n`);
    process.exit(1);
  }
  process.stdout.write("Installing Debian's chromium for the browser tests…\n");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation", {
    stdio: "inherit",
  });
}
