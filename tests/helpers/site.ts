import { formatDiagnostic, type Diagnostic } from "../../src/common/diagnostics.js";
import type { Checked } from "../../src/common/result.js";
import type { Site } from "../../src/model/site.js";

/** The site of a configuration the test expects to be valid (else its errors, as the CLI prints them). */
export function siteOf(checked: Checked<Site, Diagnostic[]>): Site {
  if (!checked.ok) throw new Error(checked.why.map(formatDiagnostic).join("\n"));
  return checked.value;
}
