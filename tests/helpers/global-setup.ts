/**
 * Run once before all test files (vitest.config.ts `globalSetup`): bundles the command line when a
 * source changed since the last bundle, as `npm run build` does (scripts/run-build.mjs). Tests that
 * need the real command line in a child process run the bundle (tests/helpers/build.ts `CLI`):
 * it starts in a fraction of the time the TypeScript sources take through tsx.
 */
import { bundle, bundleIsCurrent } from "../../scripts/bundle.mjs";

export default async function setup(): Promise<void> {
  if (!bundleIsCurrent()) await bundle();
}
