// The soak's load balancer in a process of its own (issue #19 §4): forwarding every webhook and
// Admin request through the soak driver's event loop made the driver's stalls (its simulator,
// traffic and checks) look like the app's. The parent sends the living backends' ports over IPC
// and gets the counts back every second and when it asks the proxy to stop.
import { startProxy } from "./proxy";

type FromParent = { backends: number[] } | { stop: true };

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error(`proxy-process: bad port ${process.argv[2]}`);
if (!process.send) throw new Error("proxy-process: run it with an IPC channel");

let backends: number[] = [];
const proxy = await startProxy(port, () => backends);
const report = () => process.send?.({ stats: proxy.stats() });
const timer = setInterval(report, 1000);

process.on("message", (message: FromParent) => {
  if ("backends" in message) backends = message.backends;
  else {
    clearInterval(timer);
    report();
    void proxy.stop().then(() => process.disconnect());
  }
});
// The parent gone without a word (killed): nothing left to balance for.
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
