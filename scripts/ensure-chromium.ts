import { execSync } from "node:child_process";
import fs from "node:fs";

/** The end-to-end tests drive Debian's chromium; install it when it is missing and we can. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!fs.existsSync(CHROMIUM)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root) {
    console.error(`Chromium is missing at ${CHROMIUM}: run "sudo apt-get update && sudo apt-get install -y chromium".`);
    process.exit(1);
  }
  console.log("Installing Debian's chromium for the end-to-end tests…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
}
