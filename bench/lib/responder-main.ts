// The floor's responder in a process of its own: answers every bench/floor/request on
// bench/floor/response, and prints "ready" once subscribed. An automation engine is a process of its
// own too, so this round trip is the physical floor for "a message in, a message out" through one.
import { connect } from './mqtt.js';

const [url] = process.argv.slice(2);
if (!url) throw new Error('usage: responder-main.js <broker url>');
const client = await connect(url);
client.on('message', (_topic, payload) => client.publish('bench/floor/response', payload));
await client.subscribeAsync('bench/floor/request');
process.stdout.write('ready\n');
process.on('SIGTERM', () => void client.endAsync().then(() => process.exit(0)));
