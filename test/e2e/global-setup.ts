/**
 * Once per `npm run test:e2e`: build radlab's lab (webpack) if its sources changed, so the
 * test files that start it share one build instead of each paying for it.
 */
import { ensureLabBuilt } from "../../kernel-lib/src/cli/lab-build.js";

export default function setup(): void {
  ensureLabBuilt();
}
