// Starting independent parts of the app at the same time (part of the composition root) while keeping
// stop() deterministic: each branch starts its services one after another and records them, and once
// every branch has finished their services join the shared stop list in branch order, as if they had
// been started in sequence.
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';

/** One chain of services started one after another with the `startService` it is given. */
export type StartBranch = (startService: (service: Service) => Promise<void>) => Promise<void>;

/**
 * Runs the branches side by side and waits for all of them, even when one fails, so every service that
 * did start is on `started` (and stopped by stop()) before the first failure is thrown.
 */
export async function startSideBySide(started: Service[], branches: readonly StartBranch[]): Promise<void> {
  const lists = branches.map((): Service[] => []);
  const results = await Promise.allSettled(
    branches.map((branch, i) =>
      branch(async (service) => {
        await service.start();
        lists[i]?.push(service);
      }),
    ),
  );
  for (const list of lists) started.push(...list);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Stops the services last started first; one that fails to stop is logged and the others still stop. */
export async function stopInReverse(started: Service[], log: Logger): Promise<void> {
  while (started.length > 0) {
    const service = started.pop();
    if (!service) break;
    try {
      await service.stop();
    } catch (err) {
      log.error('service failed to stop', {
        service: service.name,
        err: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
