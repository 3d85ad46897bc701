// A stand-alone process running Switchyard's embedded aedes broker: node aedes-main.js <port> [<state file>].
// Without a state file it keeps everything in memory (like the Mosquitto the benchmarks start with
// persistence off); with one it runs as `npm start` runs it, its state committed to that SQLite file.
import { createEmbeddedBroker } from '../../src/adapters/broker/embedded-broker.js';
import { openBrokerStateStore } from '../../src/adapters/storage/broker-state-store.js';
import { silentLogger } from '../../src/core/logger.js';

const [port, stateFile] = process.argv.slice(2);
const store = stateFile ? openBrokerStateStore(stateFile) : undefined;
const broker = createEmbeddedBroker({ port: Number(port), host: '127.0.0.1', store, log: silentLogger });
await broker.start();
process.stdout.write('ready\n');
const stop = () => void broker.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
