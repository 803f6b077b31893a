/**
 * Wait for Completion, in n8n's engine against the emulator: by polling Symbl's Job API, and by
 * putting the execution to wait until Symbl's callback reaches its resume URL (served by the
 * harness as n8n's WaitingWebhooks serves it).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { chain, nodeOutput, runError, WebhookServer } from '../../harness';
import { loadNode, PART1, PART2, symblNode, TestBed } from '../support';

let bed: TestBed;
let webhooks: WebhookServer | undefined;
afterEach(async () => {
	await webhooks?.stop();
	webhooks = undefined;
	await bed.stop();
});

const results = (credential: TestBed['credential']): INode =>
	symblNode('Results', credential, {
		resource: 'conversation',
		operation: 'getResults',
		conversationId: '={{ $json.conversationId }}',
		results: ['messages'],
	});

describe('Wait for Completion: Poll the Job Status', () => {
	beforeEach(async () => {
		bed = await new TestBed({ jobStepMs: 200 }).start();
	});

	const submit = (parameters: IDataObject = {}, settings = {}) =>
		symblNode(
			'Submit',
			bed.credential,
			{ operation: 'submit', waitForCompletion: 'poll', pollIntervalSeconds: 5, ...parameters },
			settings,
		);

	it('outputs each item once its job completed, in item order, ready for the next node', async () => {
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }]),
			submit(),
			results(bed.credential),
		);

		expect(runError(run)).toBeUndefined();
		const items = nodeOutput(run, 'Submit');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of items) {
			expect(item.json).toEqual({
				conversationId: expect.any(String),
				jobId: expect.any(String),
				status: 'completed',
				waitedSeconds: expect.any(Number),
			});
		}
		const read = nodeOutput(run, 'Results');
		expect(read.map((item) => item.json.conversationId)).toEqual(
			items.map((item) => item.json.conversationId),
		);
		expect((read[0].json.messages as unknown[]).length).toBeGreaterThan(0);
		const polls = bed.emulator.requests.filter((request) => request.path.startsWith('/v1/job/'));
		expect(polls.length).toBeGreaterThanOrEqual(2);
	});

	it('fails the item whose job failed, naming it; the others are kept with Continue On Fail', async () => {
		let uploads = 0;
		bed.emulator.failJobs = () => uploads++ === 1;
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }]),
			submit({}, { onError: 'continueRegularOutput' }),
		);
		const items = nodeOutput(run, 'Submit');
		expect(items[0].json.status).toBe('completed');
		expect(items[1].json).toMatchObject({
			status: 'failed',
			error: expect.stringMatching(
				/^Item 1: Symbl could not process the recording \(job .* failed\)$/,
			),
		});
	});

	it('without Continue On Fail, stops the run on the failed job, naming the item', async () => {
		bed.emulator.failJobs = () => true;
		const run = await bed.run(loadNode([{ path: PART1 }]), submit());
		expect(runError(run)?.message).toMatch(/^Item 0: Symbl could not process the recording/);
	});
});

describe("Wait for Completion: Resume on Symbl's Callback", () => {
	beforeEach(async () => {
		bed = await new TestBed({ jobStepMs: 300 }).start();
	});

	async function startWaiting(files: Array<{ path: string }>, upload: INode) {
		const definition = chain(loadNode(files), upload, results(bed.credential));
		webhooks = new WebhookServer(bed.harness, definition);
		await webhooks.start();
		const first = await bed.harness.run(definition);
		return { first, definition };
	}

	it('puts the execution to wait, holding nothing, and resumes it when Symbl calls back', async () => {
		const submit = symblNode('Submit', bed.credential, {
			operation: 'submit',
			waitForCompletion: 'callback',
			options: { enableSummary: true },
		});
		const { first } = await startWaiting([{ path: PART1 }], submit);

		// The execution ended its first part waiting, while Symbl was still at work on the job.
		expect(runError(first)).toBeUndefined();
		expect(first.waitTill).toBeInstanceOf(Date);
		expect(first.status).toBe('waiting');
		expect([...bed.emulator.jobs.values()].map((job) => job.status)).not.toContain('completed');

		const [resumed] = await webhooks!.executions(1, 15_000);
		expect(runError(resumed)).toBeUndefined();
		const [item] = nodeOutput(resumed, 'Submit');
		const [job] = [...bed.emulator.jobs.values()];
		expect(item.json).toEqual({
			conversationId: job.conversationId,
			jobId: job.id,
			status: 'completed',
			waitedSeconds: expect.any(Number),
		});
		expect(nodeOutput(resumed, 'Results')[0].json.conversationId).toBe(job.conversationId);
		// Symbl was given this execution's resume URL, and only the documented callbacks came.
		expect(job.webhookUrl).toMatch(/\/webhook-waiting\/\d+\/Submit\?symblWait=/);
	});

	it('resumes once every job of several appends has ended, output in item order', async () => {
		const conversation = bed.emulator.createConversation('8888');
		const append = symblNode('Append', bed.credential, {
			operation: 'append',
			conversationId: conversation.id,
			waitForCompletion: 'callback',
		});
		await startWaiting([{ path: PART1 }, { path: PART2 }, { path: PART1 }], append);

		const [resumed] = await webhooks!.executions(1, 20_000);
		const items = nodeOutput(resumed, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.status)).toEqual(['completed', 'completed', 'completed']);
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(3);
		// Every job's callbacks reached the resume URL; only the last job's end resumed it.
		expect(webhooks!.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
	});

	it('refuses a forged callback to the resume URL and keeps waiting', async () => {
		const submit = symblNode('Submit', bed.credential, {
			operation: 'submit',
			waitForCompletion: 'callback',
		});
		await startWaiting([{ path: PART1 }], submit);
		const [job] = [...bed.emulator.jobs.values()];
		const forged = new URL(job.webhookUrl!);
		forged.searchParams.set('symblSig', 'not-the-signature');
		const response = await fetch(forged, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ jobId: job.id, status: 'completed' }),
		});
		expect(response.status).toBe(403);
		// The real callback still resumes it.
		const [resumed] = await webhooks!.executions(1, 15_000);
		expect(nodeOutput(resumed, 'Submit')[0].json.status).toBe('completed');
	});
});
