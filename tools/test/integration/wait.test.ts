/**
 * Wait for Completion, in n8n's engine against the emulator: by polling Symbl's Job API, and by
 * putting the execution to wait until Symbl's callback reaches its resume URL (served by the
 * harness as n8n's WaitingWebhooks serves it).
 */
import type { IDataObject, INode, IRun } from 'n8n-workflow';

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

	const waitingNode = (name: string, parameters: IDataObject = {}, settings = {}) =>
		symblNode(
			name,
			bed.credential,
			{ operation: 'submit', waitForCompletion: 'callback', ...parameters },
			settings,
		);

	/** Starts the workflow; with `serve`, n8n's waiting webhooks answer Symbl's callbacks. */
	async function startWaiting(files: Array<{ path: string }>, upload: INode, serve = true) {
		const definition = chain(loadNode(files), upload, results(bed.credential));
		if (serve) {
			webhooks = new WebhookServer(bed.harness, definition);
			await webhooks.start();
		} else {
			// n8n is down, or a proxy drops Symbl's callbacks: none arrives.
			bed.harness.waitingBaseUrl = 'http://127.0.0.1:9/webhook-waiting';
		}
		const first = await bed.harness.run(definition);
		const [executionId] = [...bed.harness.waiting.keys()];
		return { first, executionId };
	}

	/** The wait's state as n8n saved it with the waiting execution. */
	function savedWait(executionId: string): IDataObject {
		const stack = bed.harness.waiting.get(executionId)!.data.executionData!.nodeExecutionStack;
		const entry = stack.find(
			(candidate) => candidate.metadata && 'symblWait' in candidate.metadata,
		);
		return (entry!.metadata as IDataObject).symblWait as IDataObject;
	}

	/** How many times a node ran with items (the Symbl node also runs, empty, on each wake). */
	const runsWithItems = (run: IRun, node: string) =>
		run.data.resultData.runData[node]?.filter((task) => (task.data?.main?.[0] ?? []).length > 0)
			.length ?? 0;

	it('puts the execution to wait, holding nothing, and resumes it when Symbl calls back', async () => {
		const { first } = await startWaiting(
			[{ path: PART1 }],
			waitingNode('Submit', { options: { enableSummary: true } }),
		);

		// The execution ended its first part waiting, while Symbl was still at work on the job,
		// until its first check at the latest (a minute: a job may end before n8n saved the wait,
		// and n8n refuses its callback then).
		expect(runError(first)).toBeUndefined();
		expect(first.status).toBe('waiting');
		expect(first.waitTill!.getTime() - Date.now()).toBeGreaterThan(50_000);
		expect(first.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
		expect([...bed.emulator.jobs.values()].map((job) => job.status)).not.toContain('completed');

		const [resumed] = await webhooks!.executions(1, 15_000);
		expect(runError(resumed)).toBeUndefined();
		expect(resumed.status).toBe('success');
		const [item] = nodeOutput(resumed, 'Submit');
		const [job] = [...bed.emulator.jobs.values()];
		expect(item.json).toEqual({
			conversationId: job.conversationId,
			jobId: job.id,
			status: 'completed',
			waitedSeconds: expect.any(Number),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(nodeOutput(resumed, 'Results')[0].json.conversationId).toBe(job.conversationId);
		expect(resumed.data.resultData.runData.Results).toHaveLength(1);
		// Symbl was given this execution's resume URL, and only the documented callbacks came.
		expect(job.webhookUrl).toMatch(/\/webhook-waiting\/\d+\/Submit$/);
	});

	it('resumes once every job of several appends has ended, output in item order', async () => {
		const conversation = bed.emulator.createConversation('8888');
		const append = waitingNode('Append', {
			operation: 'append',
			conversationId: conversation.id,
		});
		await startWaiting([{ path: PART1 }, { path: PART2 }, { path: PART1 }], append);

		const [resumed] = await webhooks!.executions(1, 20_000);
		const items = nodeOutput(resumed, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.status)).toEqual(['completed', 'completed', 'completed']);
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(3);
		// Every job's callbacks reached the resume URL; only the last job's end resumed it.
		expect(webhooks!.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
		expect(runsWithItems(resumed, 'Results')).toBe(1);
	});

	it('a lost callback: the execution wakes at its next check, asks Symbl and finishes', async () => {
		const { first, executionId } = await startWaiting(
			[{ path: PART1 }, { path: PART2 }],
			waitingNode('Submit', { safetyCheckMinutes: 1 }, { onError: 'continueRegularOutput' }),
			false,
		);
		expect(first.status).toBe('waiting');
		expect(first.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
		await bed.jobsDone(10_000);
		const lost = bed.emulator.callbacks.filter((callback) => callback.error);
		expect(lost.length).toBeGreaterThanOrEqual(2); // each job's ending, at least

		const resumed = await bed.harness.wakeAtWaitTime(executionId);
		expect(resumed.status).toBe('success');
		const items = nodeOutput(resumed, 'Submit');
		expect(items.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'completed'],
			[{ item: 1 }, 'completed'],
		]);
		expect(items.map((item) => item.json.jobId)).toEqual(
			[...bed.emulator.jobs.values()].map((job) => job.id),
		);
		// The items after the node are Symbl's results, never the recordings it was given.
		expect(nodeOutput(resumed, 'Results').map((item) => item.json.conversationId)).toEqual(
			items.map((item) => item.json.conversationId),
		);
		expect(bed.harness.waiting.size).toBe(0);
	});

	it('a check before the jobs ended waits again; nothing after the node runs until they have', async () => {
		await bed.stop();
		bed = await new TestBed({ jobStepMs: 1500 }).start();
		const { executionId } = await startWaiting(
			[{ path: PART1 }],
			waitingNode('Submit', { safetyCheckMinutes: 2 }),
			false,
		);
		const early = await bed.harness.wakeAtWaitTime(executionId);
		expect(early.status).toBe('waiting');
		// Later checks come every "Check Symbl Every" (here 2 minutes).
		expect(early.waitTill!.getTime() - Date.now()).toBeGreaterThan(110_000);
		expect(early.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
		expect(early.data.resultData.runData.Results).toBeUndefined();
		expect(savedWait(executionId).wakes).toBe(1);

		await bed.jobsDone(10_000);
		const done = await bed.harness.wakeAtWaitTime(executionId);
		expect(done.status).toBe('success');
		expect(nodeOutput(done, 'Submit')[0].json.status).toBe('completed');
		expect(done.data.resultData.runData.Results).toHaveLength(1);
		// Uploaded once, however often it woke.
		expect(bed.emulator.jobs.size).toBe(1);
	});

	it('at the time limit: each item with its real last status and an error, never the input items', async () => {
		await bed.stop();
		bed = await new TestBed({ jobStepMs: 60_000 }).start();
		const { executionId } = await startWaiting(
			[{ path: PART1 }],
			waitingNode('Submit', { safetyCheckMinutes: 1 }, { onError: 'continueRegularOutput' }),
			false,
		);
		savedWait(executionId).deadline = Date.now() - 1; // the time limit passed while n8n was down
		const ended = await bed.harness.wakeAtWaitTime(executionId);
		expect(ended.status).toBe('success');
		const [item] = nodeOutput(ended, 'Submit');
		expect(item.binary).toBeUndefined();
		expect(item.json).toEqual({
			conversationId: expect.any(String),
			jobId: expect.any(String),
			status: 'scheduled',
			waitedSeconds: expect.any(Number),
			error: expect.stringMatching(
				/^Item 0: Symbl had not finished job .* within the time limit \(last status: scheduled\)$/,
			),
		});
	});

	it('at the time limit, without Continue On Fail, the execution fails naming the item', async () => {
		await bed.stop();
		bed = await new TestBed({ jobStepMs: 60_000 }).start();
		const { executionId } = await startWaiting([{ path: PART1 }], waitingNode('Submit'), false);
		savedWait(executionId).deadline = Date.now() - 1;
		const ended = await bed.harness.wakeAtWaitTime(executionId);
		expect(ended.status).toBe('error');
		expect(runError(ended)?.message).toMatch(/^Item 0: Symbl had not finished job .* time limit/);
		expect(ended.data.resultData.runData.Results).toBeUndefined();
	});

	it('the same callback twice at once resumes the execution once', async () => {
		await bed.stop();
		bed = await new TestBed({ jobStepMs: 60_000 }).start();
		const { executionId } = await startWaiting([{ path: PART1 }], waitingNode('Submit'));
		const [job] = [...bed.emulator.jobs.values()];
		job.status = 'completed'; // Symbl finished; its callback comes twice
		const post = () =>
			fetch(job.webhookUrl!, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ jobId: job.id, status: 'completed' }),
			});
		const answers = await Promise.all([post(), post()]);
		const bodies = (await Promise.all(
			answers.map(async (answer) => await answer.json()),
		)) as IDataObject[];
		// One wakes it; the other is told so by this node, or refused by n8n (no longer waiting).
		expect(bodies.filter((body) => body.resumed === true)).toHaveLength(1);
		expect(answers.map((answer) => answer.status)).toContain(200);
		for (const [index, answer] of answers.entries()) {
			if (bodies[index].resumed !== true) expect([200, 409]).toContain(answer.status);
		}
		const [resumed] = await webhooks!.executions(1, 15_000);
		expect(resumed.status).toBe('success');
		expect(webhooks!.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
		expect(bed.harness.waiting.has(executionId)).toBe(false);
	});

	it("acknowledges another job's callback and a non-final status, without waking", async () => {
		await bed.stop();
		bed = await new TestBed({ jobStepMs: 60_000 }).start();
		const conversation = bed.emulator.createConversation('8888');
		const { executionId } = await startWaiting(
			[{ path: PART1 }, { path: PART2 }],
			waitingNode('Append', { operation: 'append', conversationId: conversation.id }),
		);
		const [earlier, last] = [...bed.emulator.jobs.values()];
		const post = async (jobId: string, status: string) =>
			await fetch(last.webhookUrl!, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ jobId, status }),
			});
		expect((await post(earlier.id, 'completed')).status).toBe(200);
		expect((await post(last.id, 'in_progress')).status).toBe(200);
		expect(await (await post('not-a-job-of-this-execution', 'completed')).json()).toEqual({
			received: false,
			reason: 'not a job this execution waits for',
		});
		expect(webhooks!.exchanges.filter((exchange) => exchange.execution)).toHaveLength(0);
		expect(bed.harness.waiting.has(executionId)).toBe(true);
	});
});
