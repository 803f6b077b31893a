/** What the real-n8n e2e scripts (scenarios.ts, operations.ts, queue/scenarios.ts) build their workflows with. */
import type { INode } from 'n8n-workflow';

import { node } from '../../workflow';

export { node, workflow } from '../../workflow';

export function fail(message: string): never {
	throw new Error(message);
}

/** The Symbl credential every e2e workflow uses (scenarios.ts imports it, pointing at the emulator). */
export const CREDENTIAL = { symblApi: { id: 'symblE2E', name: 'Symbl (emulator)' } };

/** A Symbl node with the e2e credential. */
export const symbl = (name: string, parameters: object, extra: Partial<INode> = {}) =>
	node(name, 'n8n-nodes-symbl.symbl', parameters, { credentials: CREDENTIAL, ...extra });

/** A Webhook node (POST, answered at once) whose production URL is /webhook/PATH. */
export const webhook = (path: string) =>
	node(
		'Start',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		{ typeVersion: 2, webhookId: path },
	);
