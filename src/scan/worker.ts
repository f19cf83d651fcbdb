import { parentPort, workerData } from "node:worker_threads";
import type { Site } from "../config/parse.js";
import { createScanner, type ScanJob } from "./job.js";

/** Worker thread: scans its share of the posts and sends the results back in order. */
const { site, jobs } = workerData as { site: Site; jobs: ScanJob[] };
const scan = createScanner(site);
parentPort!.postMessage(jobs.map(scan));
