/**
 * Child process for tests/write/write.test.ts: writes the files named on stdin (JSON) with
 * writeOutputs and, just before the rename of the file given as argv[3], says "ready" on stdout
 * and waits, so that the parent can kill it between two renames.
 */
import path from "node:path";
import { writeOutputs, type OutputFile } from "../../src/write/write.js";

const [outDir, stopBefore] = process.argv.slice(2) as [string, string];
let input = "";
for await (const chunk of process.stdin) input += chunk;
const outputs = JSON.parse(input) as OutputFile[];

await writeOutputs(outDir, outputs, {
  beforeRename: async (target) => {
    if (path.basename(target) !== stopBefore) return;
    process.stdout.write("ready\n");
    // Wait for the SIGKILL; the timer keeps the event loop alive, and gives up after 30 s.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    process.exit(3);
  },
});
process.stdout.write("finished\n");
