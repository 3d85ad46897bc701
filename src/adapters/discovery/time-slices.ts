// A storm (or a restart) is thousands of messages, each handled within microtasks: without a break a queue
// worked through that way holds the event loop until its last message, and MQTT, HTTP and timers wait on it.
// `yieldNow()` gives the event loop a turn once `sliceMs` of continuous work has passed, and costs only a
// clock read otherwise.

/** returns the function to await between pieces of work */
export function timeSlices(sliceMs: number): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}
