/**
 * Nothing from a post can become a GitHub Actions workflow command (issue 11, item 8). The runner
 * reads every line a step prints: a line that, trimmed, starts with `::` is a command
 * (`::error file=a,line=1::text`, `::add-mask::value`, `::stop-commands::token`), and so is the
 * older form `##[command key=value]data` anywhere in a line. The parser below follows GitHub's
 * documentation of that syntax; the build's whole output (text report, --json, errors) goes
 * through it, with titles, keys, file names and previously published titles holding line breaks
 * and command text.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { logLine } from "../../src/common/diagnostics.js";
import { tempDir } from "../helpers/build.js";

/** Commands the runner knows (GitHub's "Workflow commands for GitHub Actions", and the deprecated ones it still parses). */
const COMMANDS = ["debug", "notice", "warning", "error", "group", "endgroup", "add-mask", "stop-commands", "echo", "set-output", "set-env", "add-path", "save-state", "add-matcher", "remove-matcher"];

interface WorkflowCommand {
  command: string;
  properties: string;
  data: string;
  line: string;
}

/** The workflow commands a runner would execute in `output`, split into lines as the runner does (LF, CRLF or CR). */
function workflowCommands(output: string): WorkflowCommand[] {
  const found: WorkflowCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    // ::command[ key=value,key=value]::data
    const v2 = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(trimmed);
    if (v2 && COMMANDS.includes(v2[1]!.toLowerCase())) found.push({ command: v2[1]!.toLowerCase(), properties: v2[2] ?? "", data: v2[3]!, line });
    // ##[command key=value;key=value]data, anywhere in the line
    const at = line.indexOf("##[");
    if (at >= 0) {
      const close = line.indexOf("]", at);
      const info = close < 0 ? "" : line.slice(at + 3, close);
      const name = info.split(" ")[0]!.toLowerCase();
      if (close >= 0 && COMMANDS.includes(name)) found.push({ command: name, properties: info.slice(name.length + 1), data: line.slice(close + 1), line });
    }
  }
  return found;
}

const INJECTIONS = ["\n::error file=x.md,line=1::pwned", "\r::add-mask::hunter2", "\u2028::warning::x", "\n  ::stop-commands::abc", "##[error]v1", "\u0085::debug::x"];

describe("the GitHub workflow-command parser of this test", () => {
  it("finds the commands in raw text (so a clean result below means something)", () => {
    const raw = `title: Hello${INJECTIONS.join("")}\n`;
    expect(workflowCommands(raw).map((c) => c.command)).toEqual(["error", "add-mask", "stop-commands", "error"]);
    expect(workflowCommands("::group::Build\n::endgroup::\nplain :: text ::error::not at the start\n")).toHaveLength(2);
  });
});

describe("logLine", () => {
  it.each(INJECTIONS)("leaves no workflow command in %j, and shows what was there", (injection) => {
    const line = logLine(`posts/a.md: warning: title "Hello${injection}"`);
    expect(line).not.toMatch(/[\n\r\u0085\u2028]/);
    expect(workflowCommands(line)).toEqual([]);
  });

  it("escapes control characters visibly and breaks up a leading '::'", () => {
    expect(logLine("a\nb\rc\td\u001b[31me\u007f")).toBe("a\\nb\\rc\\td\\u001b[31me\\u007f");
    expect(logLine("::error::x.md: error: y")).toBe("./::error::x.md: error: y");
    expect(logLine("plain text")).toBe("plain text");
  });
});

describe("the whole build output", () => {
  const NOW = "2025-01-01T00:00:00Z";

  async function site(): Promise<string> {
    const root = await tempDir("feedwright-inject-");
    await mkdir(path.join(root, "posts"), { recursive: true });
    await writeFile(path.join(root, "feedwright.config.json"), JSON.stringify({ title: "Inject", siteUrl: "https://example.org/", limit: 0 }));
    const evil = INJECTIONS.join(" ");
    // Scheduled: its title is printed as the next post to appear.
    await writeFile(path.join(root, "posts", "later.md"), `---\ntitle: ${JSON.stringify(`Later${evil}`)}\ndate: 2030-01-01\n---\nBody\n`);
    // An unknown key that holds commands: its name is quoted in a warning.
    await writeFile(path.join(root, "posts", "key.md"), `---\ntitle: Key\ndate: 2024-01-01\n${JSON.stringify(`k${evil}`)}: 1\n---\nBody\n`);
    // A file name with a line break and a command.
    await writeFile(path.join(root, "posts", "name\n::error::pwned.md"), `---\ntitle: Name\ndate: 2024-01-01\nslug: name\nstray: 1\n---\nBody\n`);
    // A published item that left, whose title the guard's note quotes.
    await mkdir(path.join(root, "published"));
    await writeFile(
      path.join(root, "published", "feed.json"),
      JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Inject", items: [{ id: "https://example.org/posts/gone/", title: `Gone${evil}`, content_text: "x" }] }),
    );
    return root;
  }

  async function run(root: string, ...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main({ argv: ["--now", NOW, "--threads", "1", "--no-cache", ...argv], env: {}, cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
    return { code, stdout, stderr };
  }

  it("text report: every value is there, escaped, and no line is a workflow command", async () => {
    const root = await site();
    const { code, stdout, stderr } = await run(root, "--previous", "published");
    expect(code).toBe(0);
    expect(stderr).toContain("next scheduled: 2030-01-01T00:00:00.000Z \"Later\\n::error file=x.md,line=1::pwned \\r::add-mask::hunter2 \\u2028::warning::x");
    expect(stderr).toContain("posts/name\\n::error::pwned.md:5:1: warning: stray:");
    expect(stderr).toContain("'k\\n::error file=x.md");
    expect(stderr).toContain('"Gone\\n::error file=x.md');
    expect(workflowCommands(stdout + stderr)).toEqual([]);
  });

  it("--json: no workflow command either, and the values survive in the JSON", async () => {
    const root = await site();
    const { code, stdout, stderr } = await run(root, "--json");
    expect(code).toBe(0);
    expect(workflowCommands(stdout + stderr)).toEqual([]);
    const report = JSON.parse(stdout) as { nextScheduled: { title: string }; diagnostics: { file: string }[] };
    expect(report.nextScheduled.title).toBe(`Later${INJECTIONS.join(" ")}`);
    expect(report.diagnostics.map((d) => d.file)).toContain("posts/name\n::error::pwned.md");
  });

  it("a build that fails prints its errors safely too", async () => {
    const root = await site();
    await writeFile(path.join(root, "posts", "bad\n::add-mask::x.md"), `---\ntitle: ${JSON.stringify(INJECTIONS.join(""))}\ndate: ${JSON.stringify(`not a date${INJECTIONS.join("")}`)}\n---\n`);
    const { code, stdout, stderr } = await run(root);
    expect(code).toBe(1);
    expect(stderr).toContain("posts/bad\\n::add-mask::x.md:3:7: error: date: 'not a date\\n::error file=x.md");
    expect(workflowCommands(stdout + stderr)).toEqual([]);
  });
});
