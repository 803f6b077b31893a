/**
 * The main job: a sample meeting recording in two parts goes through the Symbl
 * node inside n8n's execution engine, against the embedded Symbl emulator.
 *   Workflow A: Load part 1 → Submit Video → Load part 2 → Append Video (webhook: workflow B)
 *   Workflow B: Symbl Trigger (completed, failed) → Get Results
 * Prints what the workflows returned and what the emulator received.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SymblEmulator } from '../emulator';
import { chain, EngineHarness, nodeOutput, runError, WebhookServer } from '../harness';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const PARTS = [join(FIXTURES, 'meeting-part1.mp4'), join(FIXTURES, 'meeting-part2.mp4')];

function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function main(): Promise<number> {
	const emulator = new SymblEmulator({ jobStepMs: 200 });
	const baseUrl = await emulator.start();
	let webhooks: WebhookServer | undefined;
	try {
		const harness = new EngineHarness({ binaryMode: 'filesystem' });
		const credential = harness.credentials.save('demo', 'symblApi', {
			appId: emulator.appId,
			appSecret: emulator.appSecret,
			baseUrl,
		});
		const node = (name: string, type: string, parameters: object, extra = {}) => ({
			id: name,
			name,
			type,
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: parameters as never,
			...extra,
		});
		const symbl = { credentials: { symblApi: credential } };

		// Workflow B first: its trigger URL is where Symbl reports on the job.
		webhooks = new WebhookServer(
			harness,
			chain(
				node(
					'Symbl Trigger',
					'n8n-nodes-symbl.symblTrigger',
					{ statuses: ['completed', 'failed'] },
					{ webhookId: 'demo-symbl-trigger' },
				),
				node(
					'Get Results',
					'n8n-nodes-symbl.symbl',
					{
						resource: 'conversation',
						operation: 'getResults',
						conversationId: '={{ $json.conversationId }}',
						results: ['messages', 'topics', 'actionItems', 'summary'],
					},
					symbl,
				),
			),
		);
		await webhooks.start();
		const webhookUrl = webhooks.url('Symbl Trigger');

		const nodes = [
			node('Load Part 1', 'harness.loadFiles', { files: JSON.stringify([{ path: PARTS[0] }]) }),
			node(
				'Submit Video',
				'n8n-nodes-symbl.symbl',
				{
					resource: 'video',
					operation: 'submit',
					options: {
						name: 'Demo weekly sync',
						languageCode: 'en-US',
						webhookUrl,
						correlationKey: '={{ $json.fileName }}',
					},
				},
				symbl,
			),
			node('Load Part 2', 'harness.loadFiles', { files: JSON.stringify([{ path: PARTS[1] }]) }),
			node(
				'Append Video',
				'n8n-nodes-symbl.symbl',
				{
					resource: 'video',
					operation: 'append',
					conversationId: '={{ $json.conversationId }}',
					options: { detectPhrases: true, webhookUrl },
				},
				symbl,
			),
		];
		console.log(
			`Symbl emulator on ${baseUrl}; running workflow A in n8n-core's WorkflowExecute (filesystem binary mode)\n`,
		);
		const run = await harness.run(chain(...nodes));
		const error = runError(run);
		if (error) {
			console.error(`The workflow failed: ${error.message}`);
			return 1;
		}
		for (const name of ['Submit Video', 'Append Video']) {
			console.log(`${name} →`, JSON.stringify(nodeOutput(run, name).map((item) => item.json)));
		}
		console.log('\nWhat the emulator received:');
		const uploads = emulator.uploads();
		uploads.forEach((upload, i) => {
			const intact = upload.bodySha256 === sha256(PARTS[i]) ? 'intact' : 'CORRUPTED';
			console.log(
				`  ${upload.method} ${upload.path}?${new URLSearchParams(upload.query as Record<string, string>)} → ${upload.status}, ${upload.bodyBytes} bytes, sha256 ${upload.bodySha256.slice(0, 16)}… (${intact})`,
			);
		});
		const appended = nodeOutput(run, 'Append Video')[0]?.json;

		console.log(
			"\nWorkflow B, started by Symbl's callbacks (the first job, then the appended one):",
		);
		const triggered = await webhooks.executions(2);
		for (const execution of triggered) {
			const event = nodeOutput(execution, 'Symbl Trigger')[0].json;
			const results = nodeOutput(execution, 'Get Results')[0].json;
			console.log(`  Symbl Trigger → ${JSON.stringify(event)}`);
			console.log(
				`  Get Results   → ${(results.messages as unknown[]).length} message(s), topics ${JSON.stringify(results.topics)}, summary ${JSON.stringify(results.summary)}`,
			);
		}
		const lastEvent = nodeOutput(triggered[1], 'Symbl Trigger')[0].json;
		const ok =
			lastEvent.jobId === appended?.jobId &&
			lastEvent.status === 'completed' &&
			lastEvent.conversationId === appended?.conversationId &&
			uploads.length === 2 &&
			uploads.every(
				(upload, i) => upload.status === 201 && upload.bodySha256 === sha256(PARTS[i]),
			) &&
			typeof appended?.conversationId === 'string' &&
			typeof appended?.jobId === 'string';
		console.log(
			ok
				? `\nconversationId=${appended.conversationId} jobId=${appended.jobId}`
				: '\nUnexpected result',
		);
		return ok ? 0 : 1;
	} finally {
		await webhooks?.stop();
		await emulator.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
