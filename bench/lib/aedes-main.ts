// A stand-alone process running Switchyard's embedded aedes broker (used by the benchmarks when
// Mosquitto is not installed): node aedes-main.js <port> <data dir>.
import { createEmbeddedBroker } from '../../src/adapters/broker/embedded-broker.js';
import { silentLogger } from '../../src/core/logger.js';

const [port, dataDir] = process.argv.slice(2);
// in memory, like the Mosquitto the benchmarks start with persistence off
const broker = createEmbeddedBroker({ port: Number(port), log: silentLogger });
void dataDir;
await broker.start();
const stop = () => void broker.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
