// SPDX-License-Identifier: MIT
//
// The chat server of a widely read SSE tutorial (its shape: docs/PROTOCOL.md, "The
// tutorial's server"), written the way a reader of that tutorial would finish the exercise
// with Hono on Node: one EventEmitter as the pub/sub hub, the `stream` helper for GET /sse,
// and POST /messages to broadcast.
// A reader who wants reconnects to lose nothing adds what is here on top of the tutorial:
// `id:` on each message, a replay of what came after `Last-Event-ID`, and a `retry:` hint.
//
// Its habits are the ones a client must survive, on purpose:
//   - it opens the stream with `retry:`;
//   - it writes `id:` AFTER `data:` (legal: the id applies when the blank line comes);
//   - it sends `event: ping` WITH data every PING_MS (15 s by default), which a chat must
//     not show;
//   - its messages are `{"content": …, "timestamp": "YYYY-MM-DD HH:MM"}` (local time, no
//     zone, no author, no id in the JSON).
//
// With BARE=1 it is the tutorial's server exactly as the tutorial leaves it, the shape
// most servers written from it have: `event: message` with `data: {"content", "timestamp"}`,
// no `id:` (so no replay after a reconnect), no user, no `retry:`, and POST /messages
// answered `{"ok":true}` without the message.
//
// Environment:
//   BARE       1: the tutorial's bare shape described above (default: with ids and replay)
//   PORT       TCP port (default 3000; 0 picks a free one)
//   HOST       address to listen on (default 127.0.0.1)
//   PING_MS    interval of the `event: ping` events (default 15000; 0 disables them)
//   RETRY_MS   the `retry:` value sent first (default 3000)
//   HISTORY    messages kept for Last-Event-ID replay (default 1000)
//   DATA_FILE  keep messages in this JSON-lines file, so that ids go on increasing and
//              replay works across a restart (default: memory only)
//
// Prints "listening on http://HOST:PORT" once it accepts connections.

import { EventEmitter } from "node:events";
import { appendFileSync, existsSync, readFileSync } from "node:fs";

import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { stream } from "hono/streaming";

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : value;
};
const port = Number(env("PORT", "3000"));
const host = env("HOST", "127.0.0.1");
const pingMs = Number(env("PING_MS", "15000"));
const retryMs = Number(env("RETRY_MS", "3000"));
const historyLimit = Number(env("HISTORY", "1000"));
const bare = env("BARE", "0") === "1";
const dataFile = bare ? "" : env("DATA_FILE", "");

// { id: number, content: string, timestamp: string }, oldest first.
const history = [];
let lastId = 0;

if (dataFile && existsSync(dataFile)) {
  for (const line of readFileSync(dataFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const message = JSON.parse(line);
      history.push(message);
      lastId = Math.max(lastId, message.id);
    } catch {
      // A line cut short by a crash: everything before it is still good.
    }
  }
  history.splice(0, Math.max(0, history.length - historyLimit));
}

const hub = new EventEmitter();
hub.setMaxListeners(0);

const pad = (n) => String(n).padStart(2, "0");
const timestamp = (date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
  `${pad(date.getHours())}:${pad(date.getMinutes())}`;

// data before id, as this server's author happened to write it; no id at all when bare.
const frame = (message) =>
  `event: message\ndata: ${JSON.stringify({
    content: message.content,
    timestamp: message.timestamp,
  })}\n${bare ? "" : `id: ${message.id}\n`}\n`;

const app = new Hono();

app.get("/sse", (c) => {
  // Bare, as in the tutorial: no charset parameter.
  c.header("Content-Type", "text/event-stream");
  c.header("Cache-Control", "no-cache");
  c.header("X-Accel-Buffering", "no");
  const resumeFrom = c.req.header("Last-Event-ID") ?? c.req.query("lastEventId");
  return stream(c, async (s) => {
    // Replay and subscribe in the same tick: nothing published in between can be missed
    // or sent twice.
    let opening = bare ? "" : `retry: ${retryMs}\n\n`;
    const after = Number(resumeFrom);
    if (!bare && resumeFrom !== undefined && Number.isInteger(after)) {
      for (const message of history) {
        if (message.id > after) opening += frame(message);
      }
    }
    if (opening) s.write(opening);
    const onMessage = (message) => s.write(frame(message));
    hub.on("message", onMessage);

    let pings = 0;
    const pinger =
      pingMs > 0
        ? setInterval(() => s.write(`event: ping\ndata: ${++pings}\n\n`), pingMs)
        : undefined;
    await new Promise((resolve) =>
      s.onAbort(() => {
        hub.off("message", onMessage);
        clearInterval(pinger);
        resolve();
      }),
    );
  });
});

app.post("/messages", async (c) => {
  let body;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: "the body must be JSON" }, 400);
  }
  const content = body?.content;
  if (typeof content !== "string" || content.trim() === "") {
    return c.json({ error: "content must be a non-empty string" }, 400);
  }
  const message = { id: ++lastId, content, timestamp: timestamp(new Date()) };
  if (dataFile) appendFileSync(dataFile, JSON.stringify(message) + "\n");
  history.push(message);
  if (history.length > historyLimit) history.shift();
  hub.emit("message", message);
  return bare ? c.json({ ok: true }) : c.json(message, 201);
});

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`listening on http://${host}:${info.port}`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
