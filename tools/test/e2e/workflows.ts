/** What the real-n8n e2e scripts (scenarios.ts, queue/scenarios.ts) build their workflows with. */
export { node, workflow } from '../../workflow';

export function fail(message: string): never {
	throw new Error(message);
}
