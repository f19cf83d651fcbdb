/**
 * Child process for tests/write/write.test.ts: writes the files named on stdin (JSON) with
 * writeOutputs and, just before the rename of the file given as argv[3] (its name in the output folder), says "ready" on stdout
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
    if (path.relative(outDir, target).split(path.sep).join("/") !== stopBefore) return;
    process.stdout.write("ready\n");
    // Wait for the SIGKILL however long it takes; leave only if the parent is gone.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) process.exit(3);
    }, 1_000);
    await new Promise(() => undefined);
  },
});
process.stdout.write("finished\n");
