import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** axe-core's WCAG 2.1 A and AA violations on the page as it stands, one line each (none: an empty list). */
export async function wcagViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}
