// A small HTTP server for the load examples and tests. Every request is answered after
// `delay` milliseconds with `size` bytes; with `fail=N`, every Nth request of the server
// gets HTTP 503 instead. The three come from the query string (defaults 20, 1024, 0):
//
//   node examples/servers/delay-server.mjs 18080
//   curl 'http://127.0.0.1:18080/?delay=50&size=4096&fail=10'
//
// It prints `listening on http://127.0.0.1:PORT` once it accepts requests, so a config can
// wait for that line before it sends load. Port 0 picks a free port.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 18080);
let served = 0;

const server = createServer((req, res) => {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const delay = Number(query.get('delay') ?? 20);
  const size = Number(query.get('size') ?? 1024);
  const fail = Number(query.get('fail') ?? 0);
  served += 1;
  const failing = fail > 0 && served % fail === 0;
  // The request body is read before answering, so a POST completes like a GET.
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      if (failing) {
        res.statusCode = 503;
        res.end('unavailable');
      } else {
        res.setHeader('content-type', 'application/octet-stream');
        res.end(Buffer.alloc(size, 120));
      }
    }, delay);
  });
});

server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)) && server.closeAllConnections());
