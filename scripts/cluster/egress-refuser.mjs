// The kube-apiserver's "cluster" egress (aggregated APIs such as metrics.k8s.io, webhooks, kubelet
// logs/exec) is configured to go through an HTTP CONNECT proxy on a Unix socket: this one. It refuses
// every tunnel and logs its target, so the local control plane never sends a packet to a Service or
// pod IP (those are fake 10.x addresses here; only loopback may carry traffic on these machines).
// Usage: node egress-refuser.mjs <socket-path>
import fs from "node:fs";
import net from "node:net";

const socketPath = process.argv[2];
if (!socketPath) {
  process.stderr.write("usage: node egress-refuser.mjs <socket-path>\n");
  process.exit(2);
}
fs.rmSync(socketPath, { force: true });

const server = net.createServer((conn) => {
  let head = "";
  conn.setEncoding("latin1");
  conn.on("data", (chunk) => {
    head += chunk;
    if (!head.includes("\r\n\r\n") && head.length < 8192) return;
    const requestLine = head.split("\r\n", 1)[0];
    process.stdout.write(`${new Date().toISOString()} refused: ${requestLine}\n`);
    conn.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  });
  conn.on("error", () => conn.destroy());
});

server.listen(socketPath, () => {
  process.stdout.write(`${new Date().toISOString()} listening on ${socketPath}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
