// SPDX-License-Identifier: MIT
// A loopback HTTPS server that speaks HTTP/2 (and HTTP/1.1 to clients that do not offer
// h2), for the sseclient tests of EventSource::usesHttp2(). Every request gets an event
// stream whose one event says which HTTP version the server saw ("2.0" or "1.1").
//
//   node h2server.mjs CERT.pem KEY.pem    # prints the port, runs until stdin closes
import fs from 'node:fs';
import http2 from 'node:http2';

const [certPath, keyPath] = process.argv.slice(2);
const server = http2.createSecureServer(
    { cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath), allowHTTP1: true },
    (request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.write(`data: ${request.httpVersion}\n\n`);
    });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
// The test owns this process: it ends when the test closes our standard input.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
