/** Requests/s and latency of the Symbl Trigger's webhook handling vs n8n's own Webhook node, same harness. */
import type { INode, INodeType } from 'n8n-workflow';

import { EngineHarness, WebhookServer } from '../../harness';
import { node } from '../../workflow';

/** n8n's own nodes, for comparison (tools/scripts/bench-deps.sh installs them). */
const NODES_BASE = '../../bench-deps/node_modules/n8n-nodes-base/dist/nodes';

export interface TriggerFigures {
	name: string;
	requests: number;
	concurrency: number;
	requestsPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	executions: number;
}

const REQUESTS = Number(process.env.BENCH_TRIGGER_REQUESTS ?? 2000);
const CONCURRENCY = 8;

async function hammer(
	name: string,
	harness: EngineHarness,
	trigger: INode,
): Promise<TriggerFigures> {
	const server = new WebhookServer(harness, { nodes: [trigger], connections: {} });
	await server.start();
	const url = server.url(trigger.name);
	// One callback per job, as Symbl sends them (the trigger ignores a repeated one).
	const body = (n: number) =>
		JSON.stringify({ jobId: `bench-job-${name.length}-${n}`, status: 'completed' });
	const latencies: number[] = [];
	let sent = 0;
	const started = performance.now();
	// A fixed number of requests over a few loopback connections; it stops by itself.
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (sent < REQUESTS) {
				sent += 1;
				const t0 = performance.now();
				const response = await fetch(`${url}?conversationId=5815170693595136`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: body(sent),
				});
				const answer = await response.text();
				if (response.status !== 200)
					throw new Error(`${name}: HTTP ${response.status} ${answer.slice(0, 300)}`);
				latencies.push(performance.now() - t0);
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	await server.stop();
	latencies.sort((a, b) => a - b);
	return {
		name,
		requests: latencies.length,
		concurrency: CONCURRENCY,
		requestsPerSecond: latencies.length / seconds,
		p50Ms: latencies[Math.floor(latencies.length * 0.5)],
		p95Ms: latencies[Math.floor(latencies.length * 0.95)],
		executions: server.exchanges.filter((exchange) => exchange.execution).length,
	};
}

export async function benchTrigger(): Promise<TriggerFigures[]> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Webhook } = require(`${NODES_BASE}/Webhook/Webhook.node`) as {
		Webhook: new () => INodeType;
	};
	const harness = new EngineHarness({
		binaryMode: 'filesystem',
		nodeTypes: { 'n8n-nodes-base.webhook': new Webhook() },
	});
	const symbl = node(
		'Symbl Trigger',
		'n8n-nodes-symbl.symblTrigger',
		{ statuses: ['completed', 'failed'] },
		{ webhookId: 'bench-symbl' },
	);
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path: 'bench', responseMode: 'onReceived', options: {} },
		{ typeVersion: 2, webhookId: 'bench-webhook' },
	);
	// Alternate, so neither always runs on a colder process.
	const results: TriggerFigures[] = [];
	for (let round = 0; round < 2; round++) {
		results.push(await hammer('Symbl Trigger', harness, symbl));
		results.push(await hammer('n8n Webhook node', harness, webhook));
	}
	return results;
}

/** `npx ts-node --transpile-only tools/scripts/bench/trigger.ts`: the trigger rows alone. */
if (require.main === module) {
	benchTrigger().then(
		(rows) => {
			for (const row of rows) {
				console.log(
					`| ${row.name} | ${row.requests} | ${row.concurrency} | ${Math.round(row.requestsPerSecond)} | ${row.p50Ms.toFixed(2)} | ${row.p95Ms.toFixed(2)} | ${row.executions} |`,
				);
			}
			process.exit(0);
		},
		(error: Error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
