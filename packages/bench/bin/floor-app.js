// The floor's app: a plain node:http handler that answers every request with the same
// body (the catalog's first page of 20, as the product service served it). Like the stack's
// apps it refuses calls without the sidecar's APP_API_TOKEN. Started by packages/bench/src/floor.ts.
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const body = fs.readFileSync(process.env.FLOOR_BODY_FILE);
const token = process.env.APP_API_TOKEN;
http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (token && req.headers['dapr-api-token'] !== token) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  })
  .listen(Number(process.env.APP_PORT), '127.0.0.1');
