// Imported first by main.ts (never by tests: they keep V8's defaults). V8 lets the old generation grow to a multiple of what survived the last full
// collection (often 2–4×) before it collects again. Switchyard keeps every entity's current state, and each
// state lives about as long as its sensor's report interval: long enough to be promoted, then garbage.
// With 1,000 devices that pattern left the heap at 2–3× its live size (RSS 230–300 MB where ~70 MB was
// live). Growing by 20% instead keeps it near the live size, for a few more concurrent (mostly off-thread)
// marking cycles. The young generation's size is a start-up flag (--max-semi-space-size in package.json
// and the Dockerfile); this one can be set at run time.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--heap-growing-percent=20');
