import { error, type Diagnostic } from "../common/diagnostics.js";
import { issuesToDiagnostics } from "../common/issues.js";
import { loadYaml } from "../common/yaml.js";
import { SITE_URL_ENV } from "../model/constants.js";
import { CONFIG_EXAMPLES, siteConfigSchema, type Site } from "../model/site.js";
import { isAbsoluteHttpUrl } from "../common/url.js";

/** Parses and checks the configuration text. Pure: the caller reads the file and passes the environment. */
export function parseConfig(text: string, file: string, env: Readonly<Record<string, string | undefined>>): { site?: Site; diagnostics: Diagnostic[] } {
  const loaded = loadYaml(text.replace(/^\uFEFF/, ""));
  if (!loaded.ok) {
    return { diagnostics: loaded.problems.map((p) => error(file, `the configuration ${p.message}; it must be a JSON object`, { line: p.line, column: p.column })) };
  }
  const raw = loaded.yaml.value;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { diagnostics: [error(file, "the configuration must be a JSON object such as { \"title\": \"…\", \"siteUrl\": \"https://example.com/\" }")] };
  }
  const override = env[SITE_URL_ENV];
  const diagnostics: Diagnostic[] = [];
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (override !== undefined && override !== "") {
    if (isAbsoluteHttpUrl(override)) input.siteUrl = override;
    else diagnostics.push(error(SITE_URL_ENV, `environment variable must be an absolute http(s) URL such as https://example.com/ (found '${override}')`, { field: "siteUrl" }));
  }
  const result = siteConfigSchema.safeParse(input);
  if (!result.success) {
    diagnostics.push(...issuesToDiagnostics(result.error.issues, file, loaded.yaml, 0, Object.keys(siteConfigSchema.shape), "error", CONFIG_EXAMPLES));
  }
  if (!result.success || diagnostics.length > 0) return { diagnostics };
  const config = result.data;
  const siteUrl = new URL(config.siteUrl).href.replace(/\/?$/, "/");
  return { site: { ...config, siteUrl }, diagnostics };
}
