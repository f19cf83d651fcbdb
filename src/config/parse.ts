import { error, type Diagnostic } from "../common/diagnostics.js";
import { issuesToDiagnostics } from "../common/issues.js";
import type { Checked } from "../common/result.js";
import { loadYaml } from "../common/yaml.js";
import { SITE_URL_ENV } from "../model/constants.js";
import { CONFIG_EXAMPLES, siteConfigSchema, type Site } from "../model/site.js";
import { checkHttpUrl } from "../common/url.js";

function jsonSyntaxError(text: string, reason: string, file: string): Diagnostic {
  const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? NaN);
  const where: { line?: number; column?: number } = {};
  if (Number.isInteger(position)) {
    const before = text.slice(0, position);
    where.line = before.split("\n").length;
    where.column = position - before.lastIndexOf("\n");
  }
  const plain = reason.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)$/, "");
  return error(
    file,
    `is not valid JSON (${plain}): check for a missing comma between entries, a comma after the last one, a key or text without double quotes, or a comment (JSON has none)`,
    where,
  );
}

/** Parses and checks the configuration text: the site, or every error found. Pure: the caller reads the file and passes the environment. */
export function parseConfig(text: string, file: string, env: Readonly<Record<string, string | undefined>>): Checked<Site, Diagnostic[]> {
  const json = text.replace(/^\uFEFF/, "");
  // The configuration is JSON: a syntax error gets JSON's words, not the YAML reader's.
  try {
    JSON.parse(json);
  } catch (cause) {
    return { ok: false, why: [jsonSyntaxError(json, (cause as Error).message, file)] };
  }
  const loaded = loadYaml(json);
  if (!loaded.ok) {
    return { ok: false, why: loaded.why.map((p) => error(file, `the configuration ${p.message}; it must be a JSON object`, { line: p.line, column: p.column })) };
  }
  const raw = loaded.value.value;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, why: [error(file, "the configuration must be a JSON object such as { \"title\": \"…\", \"siteUrl\": \"https://example.com/\" }")] };
  }
  const override = env[SITE_URL_ENV];
  const diagnostics: Diagnostic[] = [];
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (override !== undefined && override !== "") {
    const checked = checkHttpUrl(override);
    if (checked.ok) input.siteUrl = override;
    else diagnostics.push(error(SITE_URL_ENV, `environment variable ${checked.why} (found '${override}')`, { field: "siteUrl" }));
  }
  const result = siteConfigSchema.safeParse(input);
  if (!result.success) {
    diagnostics.push(...issuesToDiagnostics(result.error.issues, file, loaded.value, 0, Object.keys(siteConfigSchema.shape), "error", CONFIG_EXAMPLES));
  }
  if (!result.success || diagnostics.length > 0) return { ok: false, why: diagnostics };
  const config = result.data;
  const siteUrl = new URL(config.siteUrl).href.replace(/\/?$/, "/");
  return { ok: true, value: { ...config, siteUrl } };
}
