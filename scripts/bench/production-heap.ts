// Imported first by the benchmarks that run the app's ingest in their own process: that process
// runs under the heap setting production processes start with (RAPPORT_HEAP_MB, decision 0223),
// as a child of this one, so its peak RSS is production's. An out-of-memory death fails the run.
import v8 from "node:v8";
import { startWithHeapSetting } from "~/runtime/heap.server";

await startWithHeapSetting({ restart: false });

/** The heap this process runs under, for the benchmark's figures. */
export const heapSetting = () => ({
  flags: process.execArgv.filter((arg) => arg.startsWith("--max-")),
  heapSizeLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1e6),
});
