#!/usr/bin/env node
// Entry point of `npm run build`: the command line in src/cli.ts, wired to the real process.
import { main } from "../src/cli.js";

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clock: () => new Date(),
  terminal: process.stderr,
});
