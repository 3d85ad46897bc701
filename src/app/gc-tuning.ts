// Imported first by main.ts (never by tests: they keep V8's defaults). V8 lets the old generation grow to a multiple of what survived the last full
// collection (often 2–4×) before it collects again. Switchyard keeps every entity's current state, and each
// state lives about as long as its sensor's report interval: long enough to be promoted, then garbage.
// With 1,000 devices that pattern left the heap at 2–3× its live size (RSS 230–300 MB where ~70 MB was
// live). Growing by 20% instead keeps it near the live size, for a few more concurrent (mostly off-thread)
// marking cycles. The young generation's size is a start-up flag (--max-semi-space-size in package.json
// and the Dockerfile); this one can be set at run time.
//
// During a bulk load (a discovery storm of tens of thousands of configs, or as many entities restored at
// start) the live heap itself grows by hundreds of MB; at 20% per step that is a dozen full collections of
// an ever larger heap, a third of the load's CPU (40,000 Zigbee2MQTT entities: listed 18 s after the last
// config at 20%, 10.6 s at 100%, `npm run bench -- large`). So the heap may grow by half per step while one
// runs, and goes back to 20% when it is over. Half, not double: since entities keep less, 50% lists as fast
// as 100% did (7.7–8.3 s) and leaves less heap committed after the load (RSS 294–302 MB instead of 322–326;
// 30% kept the memory of 50% but listed slower, 8.8–12.1 s).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const STEADY = '--heap-growing-percent=20';
const BULK = '--heap-growing-percent=50';

// The start is a bulk load too: the bundle's code and, on a restart, every entity and state restored from the
// database (10,000 entities: a fifth of the time to healthy was garbage collection at 20%, `npm run bench --
// startup`). main.ts calls bulkLoad(false) once the app has started.
setFlagsFromString(BULK);
// V8's gc(), without handing it to every module as --expose-gc would
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
setFlagsFromString('--no-expose-gc');

/** what main.ts hands the app: a bulk load started (true) or ended (false) */
export function bulkLoad(busy: boolean): void {
  setFlagsFromString(busy ? BULK : STEADY);
  if (!busy) collect();
}
