/**
 * An RFC 3986 check for tests, written independently of src/common/url.ts: the URI is split with the
 * regular expression of RFC 3986 Appendix B, then each component's characters are checked against
 * the sets of §3.2–3.5 (unreserved, sub-delims, pct-encoded, and the component's own extras).
 * Returns the problems found (empty for a valid absolute URI).
 */
const APPENDIX_B = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/s;
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const SUB_DELIMS = /[!$&'()*+,;=]/;

function badChars(text: string, extra: string): string[] {
  const bad: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "%") {
      if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) bad.push(`'%' not followed by two hex digits at ${i}`);
      continue;
    }
    if (UNRESERVED.test(ch) || SUB_DELIMS.test(ch) || extra.includes(ch)) continue;
    bad.push(`${JSON.stringify(ch)} at ${i}`);
  }
  return bad;
}

export function rfc3986Problems(uri: string): string[] {
  const m = APPENDIX_B.exec(uri);
  if (!m) return ["does not match RFC 3986 Appendix B"];
  const [, , scheme, , authority, path = "", , query, , fragment] = m;
  const problems: string[] = [];
  if (!scheme || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) problems.push(`no valid scheme (${JSON.stringify(scheme)})`);
  if (authority !== undefined) {
    const at = authority.lastIndexOf("@");
    const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
    let hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    if (userinfo !== undefined) problems.push(...badChars(userinfo, ":").map((p) => `userinfo: ${p}`));
    const port = /:([0-9]*)$/.exec(hostPort);
    if (port && !(hostPort.startsWith("[") && !hostPort.slice(0, port.index).endsWith("]"))) hostPort = hostPort.slice(0, port.index);
    if (hostPort.startsWith("[")) {
      if (!/^\[[0-9A-Fa-f:.]+\]$|^\[v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+\]$/.test(hostPort)) problems.push(`host: bad IP literal ${hostPort}`);
    } else problems.push(...badChars(hostPort, "").map((p) => `host: ${p}`));
    if (path !== "" && !path.startsWith("/")) problems.push("path: must start with / after an authority");
  } else if (path.startsWith("//")) problems.push("path: must not start with // without an authority");
  problems.push(...badChars(path, ":@/").map((p) => `path: ${p}`));
  if (query !== undefined) problems.push(...badChars(query, ":@/?").map((p) => `query: ${p}`));
  if (fragment !== undefined) problems.push(...badChars(fragment, ":@/?").map((p) => `fragment: ${p}`));
  return problems;
}
