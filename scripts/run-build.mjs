// @ts-check
// `npm run build`: runs the bundled command line in this process, bundling it anew first only
// when a source changed since it was made (npm bundles it at install: scripts/bundle.mjs).
import { bundle, bundleIsCurrent, bundleUrl } from "./bundle.mjs";

if (!bundleIsCurrent()) await bundle();
await import(bundleUrl());
