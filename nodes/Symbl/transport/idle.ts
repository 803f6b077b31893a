/**
 * An idle timeout for a request: it fires when nothing moved for `idleMs` (no upload chunk read,
 * no answer byte received), whatever the request's total duration, so a 4-hour recording on a
 * slow link that keeps sending never times out, while a server that stops reading or answering
 * ends the request. Checks once a second with n8n's sleep (community nodes may not use timers).
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

const CHECK_EVERY_MS = 1000;

export interface IdleWatch {
	/** Something moved: the idle time starts again. */
	touch(): void;
	stop(): void;
}

export function watchIdle(idleMs: number, onIdle: (error: Error) => void): IdleWatch {
	let last = Date.now();
	let stopped = false;
	void (async () => {
		while (!stopped) {
			await sleep(Math.min(CHECK_EVERY_MS, idleMs));
			if (!stopped && Date.now() - last >= idleMs) {
				stopped = true;
				onIdle(
					Object.assign(new Error(`Nothing moved for ${Math.round(idleMs / 1000)} s`), {
						code: 'ETIMEDOUT',
					}),
				);
			}
		}
	})();
	return {
		touch: () => (last = Date.now()),
		stop: () => (stopped = true),
	};
}

/**
 * Waits with n8n's sleep (n8n 2.x's n8n-workflow has no sleepWithAbort), in slices of a second,
 * and stops with an error when the execution is cancelled.
 */
export async function pause(node: INode, ms: number, signal?: AbortSignal): Promise<void> {
	for (let left = ms; left > 0; left -= CHECK_EVERY_MS) {
		throwIfCancelled(node, signal);
		await sleep(Math.min(CHECK_EVERY_MS, left));
	}
	throwIfCancelled(node, signal);
}

export function throwIfCancelled(node: INode, signal?: AbortSignal): void {
	if (signal?.aborted) throw new NodeOperationError(node, 'The execution was cancelled');
}
