/**
 * The main job: a sample meeting recording in two parts goes through the Symbl node
 * inside n8n's execution engine, against the embedded Symbl emulator in its default mode
 * (Symbl's documented contract: callbacks are {jobId, status} only).
 *   Workflow A: Load part 1 → Submit Video (webhook: C) → Load part 2 → Append Video (webhook: B)
 *   Workflow B: Symbl Trigger (completed, failed) → Get Results
 *   Workflow C: Symbl Trigger (completed, failed), showing what a Submit Video callback tells
 *   Workflow D: Load part 1 → Submit Video, Wait for Completion (resume on Symbl's callback) →
 *               Get Results: one workflow, paused while Symbl works, resumed by its callback
 * Append Video puts the conversation ID into its webhook URL, so B can read the results;
 * Submit Video cannot (the ID exists only after the upload), so C learns the job ID only.
 * Prints what the workflows returned and what the emulator received.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SymblEmulator } from '../emulator';
import { chain, EngineHarness, nodeOutput, runError, WebhookServer } from '../harness';
import { node } from '../workflow';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const PARTS = [join(FIXTURES, 'meeting-part1.mp4'), join(FIXTURES, 'meeting-part2.mp4')];

function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function main(): Promise<number> {
	const emulator = new SymblEmulator({ jobStepMs: 200 });
	const baseUrl = await emulator.start();
	let readResults: WebhookServer | undefined;
	let submitCallbacks: WebhookServer | undefined;
	let resumed: WebhookServer | undefined;
	try {
		const harness = new EngineHarness({ binaryMode: 'filesystem' });
		const credential = harness.credentials.save('demo', 'symblApi', {
			appId: emulator.appId,
			appSecret: emulator.appSecret,
			baseUrl,
		});
		const symbl = { credentials: { symblApi: credential } };

		const trigger = (webhookId: string) =>
			node(
				'Symbl Trigger',
				'n8n-nodes-symbl.symblTrigger',
				{ statuses: ['completed', 'failed'] },
				{ webhookId },
			);
		// Workflows B and C first: their trigger URLs are where Symbl reports on the jobs.
		readResults = new WebhookServer(
			harness,
			chain(
				trigger('demo-append-callbacks'),
				node(
					'Get Results',
					'n8n-nodes-symbl.symbl',
					{
						resource: 'conversation',
						operation: 'getResults',
						conversationId: '={{ $json.conversationId }}',
						results: ['messages', 'topics', 'actionItems', 'summary', 'trackers'],
					},
					symbl,
				),
			),
		);
		submitCallbacks = new WebhookServer(harness, chain(trigger('demo-submit-callbacks')));
		await readResults.start();
		await submitCallbacks.start();
		const appendWebhookUrl = readResults.url('Symbl Trigger');
		const submitWebhookUrl = submitCallbacks.url('Symbl Trigger');

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
						enableSummary: true,
						trackers: { tracker: [{ name: 'Next steps', vocabulary: ['follow up', 'next week'] }] },
						webhookUrl: submitWebhookUrl,
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
					options: { detectPhrases: true, webhookUrl: appendWebhookUrl },
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
		uploads.slice(0, 2).forEach((upload, i) => {
			const intact = upload.bodySha256 === sha256(PARTS[i]) ? 'intact' : 'CORRUPTED';
			console.log(
				`  ${upload.method} ${upload.path}?${new URLSearchParams(upload.query as Record<string, string>)} → ${upload.status}, ${upload.bodyBytes} bytes, sha256 ${upload.bodySha256.slice(0, 16)}… (${intact})`,
			);
		});
		const submitted = nodeOutput(run, 'Submit Video')[0]?.json;
		const appended = nodeOutput(run, 'Append Video')[0]?.json;

		console.log(
			"\nWorkflow C, started by Submit Video's callback (Symbl sends only {jobId, status}):",
		);
		const [submitRun] = await submitCallbacks.executions(1);
		const submitEvent = nodeOutput(submitRun, 'Symbl Trigger')[0].json;
		console.log(`  Symbl Trigger → ${JSON.stringify(submitEvent)}`);

		console.log(
			"\nWorkflow B, started by Append Video's callback (its URL names the conversation):",
		);
		const [appendRun] = await readResults.executions(1);
		const appendEvent = nodeOutput(appendRun, 'Symbl Trigger')[0].json;
		const results = nodeOutput(appendRun, 'Get Results')[0].json;
		console.log(`  Symbl Trigger → ${JSON.stringify(appendEvent)}`);
		console.log(
			`  Get Results   → ${(results.messages as unknown[]).length} message(s), topics ${JSON.stringify(results.topics)}, summary ${JSON.stringify(results.summary)}, trackers ${JSON.stringify((results.trackers as Array<{ name: string }>).map((tracker) => tracker.name))}`,
		);
		console.log(
			"\nWorkflow D, one workflow that waits: Submit Video (Wait for Completion: Resume on Symbl's Callback) → Get Results",
		);
		resumed = new WebhookServer(
			harness,
			chain(
				node('Load Part 1', 'harness.loadFiles', { files: JSON.stringify([{ path: PARTS[0] }]) }),
				node(
					'Submit and Wait',
					'n8n-nodes-symbl.symbl',
					{ resource: 'video', operation: 'submit', waitForCompletion: 'callback' },
					symbl,
				),
				node(
					'Read Transcript',
					'n8n-nodes-symbl.symbl',
					{
						resource: 'conversation',
						operation: 'getResults',
						conversationId: '={{ $json.conversationId }}',
						results: ['messages'],
					},
					symbl,
				),
			),
		);
		await resumed.start();
		const waiting = await harness.run(resumed.definition);
		console.log(`  first part ends ${waiting.status} (nothing runs while Symbl works)`);
		const [finished] = await resumed.executions(1);
		const waited = nodeOutput(finished, 'Submit and Wait')[0].json;
		const transcript = nodeOutput(finished, 'Read Transcript')[0].json;
		console.log(`  resumed by Symbl's callback → Submit and Wait → ${JSON.stringify(waited)}`);
		console.log(
			`  Read Transcript → ${JSON.stringify((transcript.messages as Array<{ text: string }>).map((m) => m.text))}`,
		);

		const callbackBodies = emulator.callbacks.map((callback) =>
			Object.keys(callback.body).join(','),
		);
		const ok =
			submitEvent.jobId === submitted?.jobId &&
			submitEvent.conversationId === null &&
			appendEvent.jobId === appended?.jobId &&
			appendEvent.status === 'completed' &&
			appendEvent.conversationId === appended?.conversationId &&
			(results.messages as unknown[]).length === 2 &&
			Array.isArray(results.summary) &&
			(results.trackers as unknown[]).length > 0 &&
			callbackBodies.every((keys) => keys === 'jobId,status') &&
			waiting.status === 'waiting' &&
			waited.status === 'completed' &&
			transcript.conversationId === waited.conversationId &&
			emulator.uploads().length === 3 &&
			uploads
				.slice(0, 2)
				.every((upload, i) => upload.status === 201 && upload.bodySha256 === sha256(PARTS[i])) &&
			typeof appended?.conversationId === 'string' &&
			typeof appended?.jobId === 'string';
		console.log(
			ok
				? `\nconversationId=${appended.conversationId} jobId=${appended.jobId}`
				: '\nUnexpected result',
		);
		return ok ? 0 : 1;
	} finally {
		await readResults?.stop();
		await submitCallbacks?.stop();
		await resumed?.stop();
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
