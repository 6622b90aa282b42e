/**
 * The floor for the HTTP benchmarks: a node:http server that reads each request body and answers
 * a fixed JSON body of the given size, doing no other work. Measured with the same load generator
 * on the same machine, it shows how much of a latency figure is the machine, the kernel's loopback
 * and the generator rather than the service. Usage: tsx bench/empty-http-server.ts PORT BODY_BYTES
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const bodyBytes = Number(process.argv[3] ?? 1500);
const body = JSON.stringify({ decision: 'approve', padding: 'x'.repeat(Math.max(0, bodyBytes - 40)) });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
