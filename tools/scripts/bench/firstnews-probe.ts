/**
 * A focused probe (not part of npm run bench): what one callback's de-duplication costs in the
 * webhook call, with n8n's own pieces: the static data as n8n reads it from its database (JSON),
 * wrapped by n8n-workflow's Workflow (ObservableObject), firstNews, and the JSON n8n then writes.
 *   npx ts-node --transpile-only tools/scripts/bench/firstnews-probe.ts [CALLS]
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { JobStatus } from '../../../nodes/shared/constants';
import { JOB_STATUSES } from '../../../nodes/shared/constants';
import { firstNews } from '../../../nodes/SymblTrigger/SymblTriggerHelpers';

const CALLS = Number(process.argv[2] ?? 5000);

/** The previous version's firstNews (static data only): an object of up to 500 jobs, rewritten per callback. */
function firstNewsBefore(ctx: IWebhookFunctions, jobId: string, status: JobStatus): boolean {
	const memory = ctx.getWorkflowStaticData('node');
	const seen = (memory.seenJobs ?? {}) as Record<string, number>;
	const rank = JOB_STATUSES.indexOf(status);
	if ((seen[jobId] ?? -1) >= rank) return false;
	delete seen[jobId];
	seen[jobId] = rank;
	const jobs = Object.keys(seen);
	for (const old of jobs.slice(0, Math.max(0, jobs.length - 500))) delete seen[old];
	memory.seenJobs = seen;
	return true;
}
const node = {
	id: 'trigger',
	name: 'Symbl Trigger',
	type: 'n8n-nodes-symbl.symblTrigger',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as never;

function run(name: string, variant: typeof firstNews): void {
	let stored = '{}';
	let bytes = 0;
	const parts = { parse: 0, wrap: 0, firstNews: 0, stringify: 0 };
	let mark = 0;
	const lap = (part: keyof typeof parts) => {
		const now = performance.now();
		parts[part] += now - mark;
		mark = now;
	};
	const t0 = performance.now();
	for (let i = 0; i < CALLS; i++) {
		mark = performance.now();
		const staticData = JSON.parse(stored) as IDataObject;
		lap('parse');
		// What n8n does per production webhook call: read the row (JSON), wrap it, run the node, save.
		const workflow = new Workflow({
			id: 'wf',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData,
		});
		workflow.getStaticData('node', node);
		lap('wrap');
		const ctx = {
			getWorkflowStaticData: (type: string) => workflow.getStaticData(type, node),
			getMode: () => 'webhook',
			getWorkflow: () => ({ id: `wf-${i % 1}` }),
			getNode: () => node,
		} as unknown as IWebhookFunctions;
		// Process memory off for this probe (a fresh workflow id each time would grow it): static data only.
		variant(
			{ ...ctx, getMode: () => 'manual' } as unknown as IWebhookFunctions,
			`5fbc1e0a-0b8b-4c55-9d1c-${String(i).padStart(12, '0')}`,
			'completed',
		);
		lap('firstNews');
		if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged) {
			stored = JSON.stringify(workflow.staticData);
			bytes += stored.length;
		}
		lap('stringify');
	}
	const ms = performance.now() - t0;
	console.log(
		name,
		Object.entries(parts)
			.map(([part, total]) => `${part} ${((total / CALLS) * 1000).toFixed(0)} µs`)
			.join(', '),
	);
	console.log(
		`${name}: ${CALLS} callbacks: ${((ms / CALLS) * 1000).toFixed(0)} µs each; static data ${stored.length} bytes at the end, ${(bytes / CALLS / 1024).toFixed(1)} KiB written per callback`,
	);
}

for (let round = 0; round < 3; round++) {
	run('before', firstNewsBefore);
	run('now', firstNews);
}
