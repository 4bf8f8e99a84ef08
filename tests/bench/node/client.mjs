// SPDX-License-Identifier: MIT
// The peer measured by run_e2e.sh: Node's `eventsource` package (pinned in package.json)
// reading the same stream as sse-tail. Counts events (every one is touched, as sse-tail
// does) and prints the same statistics line as `sse-tail --stats` on stderr.
//
//   node client.mjs URL EVENTS
import { EventSource } from 'eventsource';

const [url, wantedText] = process.argv.slice(2);
const wanted = Number(wantedText);
if (!url || !(wanted > 0)) {
    console.error('usage: node client.mjs URL EVENTS');
    process.exit(2);
}

let events = 0;
let characters = 0;
const start = process.hrtime.bigint();
const source = new EventSource(url);

function finish(code) {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    source.close();
    process.stderr.write(
        `events=${events} bytes=0 seconds=${seconds.toFixed(6)} ` +
            `events_per_s=${(events / seconds).toFixed(0)} mb_per_s=0.0 characters=${characters}\n`,
    );
    process.exit(code);
}

source.onmessage = (event) => {
    ++events;
    characters += event.data.length;
    if (events === wanted) {
        finish(0);
    }
};
source.onerror = (error) => {
    console.error(`node eventsource: ${error.message ?? 'connection error'}`);
    finish(1);
};
