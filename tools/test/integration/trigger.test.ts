/**
 * The Symbl Trigger receives the emulator's job callbacks through a webhook
 * listener that calls the node via n8n-core's WebhookContext, then the workflow
 * behind it runs in WorkflowExecute.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { nodeOutput, WebhookServer } from '../../harness';
import { node } from '../../workflow';
import { chain, loadNode, PART1, PART2, symblNode, TestBed } from '../support';

function triggerNode(parameters: IDataObject = {}): INode {
	return node(
		'Symbl Trigger',
		'n8n-nodes-symbl.symblTrigger',
		{ statuses: ['completed', 'failed'], ...parameters },
		{ id: 'trigger', webhookId: 'b3c1f0de-symbl-trigger' },
	);
}

/** POSTs a JSON callback, as Symbl does. */
const post = async (url: string, body: unknown) =>
	await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});

describe('Symbl Trigger', () => {
	let bed: TestBed;
	let webhooks: WebhookServer;

	/**
	 * With `databaseMs`, calls overlap as they do when n8n reads the workflow from its database.
	 * `staticData` is the workflow's, as n8n keeps it in its database between calls and restarts.
	 */
	async function listen(trigger: INode, ...after: INode[]) {
		webhooks = new WebhookServer(bed.harness, chain(trigger, ...after), staticData, databaseMs);
		await webhooks.start();
		return webhooks.url(trigger.name);
	}

	let databaseMs = 0;
	let staticData: IDataObject = {};
	beforeEach(async () => {
		databaseMs = 0;
		staticData = {};
		bed = await new TestBed().start();
	});
	afterEach(async () => {
		await webhooks?.stop();
		await bed.stop();
	});

	it('Append Video → Symbl calls back → the trigger starts a run that reads the results', async () => {
		const conversation = bed.emulator.createConversation('7777');
		const results = symblNode('Get Results', bed.credential, {
			resource: 'conversation',
			operation: 'getResults',
			conversationId: '={{ $json.conversationId }}',
			results: ['messages', 'topics', 'actionItems'],
		});
		const webhookUrl = await listen(triggerNode(), results);

		const upload = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
				options: { webhookUrl },
			}),
		);
		const [run] = await webhooks.executions(1);

		const { jobId } = nodeOutput(upload, 'Append')[0].json;
		const [fired] = nodeOutput(run, 'Symbl Trigger');
		expect(fired.json).toEqual({
			jobId,
			status: 'completed',
			conversationId: '7777',
			receivedAt: expect.any(String),
		});
		expect(Date.parse(fired.json.receivedAt as string)).not.toBeNaN();
		const [read] = nodeOutput(run, 'Get Results');
		expect(read.json.conversationId).toBe('7777');
		expect(read.json.messages).toEqual([
			expect.objectContaining({ text: expect.stringContaining('Recording 1') }),
		]);
		expect(read.json.topics).toHaveLength(1);
		expect(read.json.actionItems).toHaveLength(1);

		// scheduled and in_progress were acknowledged and started nothing.
		expect(
			bed.emulator.callbacks.map((callback) => [callback.status, callback.deliveredStatus]),
		).toEqual([
			['scheduled', 200],
			['in_progress', 200],
			['completed', 200],
		]);
		expect(webhooks.exchanges.map((exchange) => [exchange.status, exchange.body])).toEqual([
			[200, { received: true, started: false }],
			[200, { received: true, started: false }],
			[200, { received: true, started: true }],
		]);
		expect(webhooks.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
	});

	it('names the conversation from the webhook URL when Symbl leaves it out of the callback', async () => {
		// Symbl's callbacks never carry the conversation ID (the emulator's default, as documented).
		bed.emulator.createConversation('8888');
		const webhookUrl = await listen(triggerNode({ statuses: ['completed'] }));

		await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: '8888',
				options: { webhookUrl, correlationKey: '={{ $json.fileName }}' },
			}),
		);
		const [run] = await webhooks.executions(1);

		expect(nodeOutput(run, 'Symbl Trigger')[0].json).toMatchObject({
			status: 'completed',
			conversationId: '8888',
			correlationKey: 'meeting-part1.mp4',
		});
		const sent = new URL(bed.emulator.uploads()[0].query.webhookUrl as string);
		expect(Object.fromEntries(sent.searchParams)).toEqual({
			conversationId: '8888',
			correlationKey: 'meeting-part1.mp4',
		});
	});

	it("starts the workflow from a callback in the blog's {id, status} shape", async () => {
		await bed.stop();
		bed = await new TestBed({ blogCallbackShape: true }).start();
		const conversation = bed.emulator.createConversation('7878');
		const webhookUrl = await listen(triggerNode({ statuses: ['completed'] }));
		const upload = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
				options: { webhookUrl },
			}),
		);

		const completed = await bed.emulator.waitForCallback(
			(callback) => callback.status === 'completed',
		);
		expect(completed.body).toEqual({ id: completed.jobId, status: 'completed' });
		expect(completed.deliveredStatus).toBe(200);
		const [run] = await webhooks.executions(1);
		expect(nodeOutput(run, 'Symbl Trigger')[0].json).toMatchObject({
			jobId: nodeOutput(upload, 'Append')[0].json.jobId,
			status: 'completed',
			conversationId: '7878',
		});
	});

	it('takes jobId over id when a callback carries both', async () => {
		const url = await listen(triggerNode());
		const response = await post(url, { jobId: 'job-a', id: 'job-b', status: 'completed' });
		expect(await response.json()).toEqual({ received: true, started: true });
		const [run] = await webhooks.executions(1);
		expect(nodeOutput(run, 'Symbl Trigger')[0].json.jobId).toBe('job-a');
	});

	it('says what a Submit Video callback tells: the job, not the conversation', async () => {
		const webhookUrl = await listen(triggerNode());
		const upload = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Submit', bed.credential, {
				operation: 'submit',
				options: { webhookUrl, correlationKey: 'weekly-sync' },
			}),
		);
		const [run] = await webhooks.executions(1);

		const { jobId } = nodeOutput(upload, 'Submit')[0].json;
		expect(nodeOutput(run, 'Symbl Trigger')[0].json).toEqual({
			jobId,
			status: 'completed',
			conversationId: null,
			note: expect.stringMatching(/only the job ID.*Submit Video/),
			receivedAt: expect.any(String),
			correlationKey: 'weekly-sync',
		});
		// The callback as Symbl sent it (recorded once the trigger answered it).
		const sent = await bed.emulator.waitForCallback((callback) => callback.status === 'completed');
		expect(sent.body).toEqual({ jobId, status: 'completed' });
		expect(sent.deliveredStatus).toBe(200);
	});

	it('Submit Video carries the correlation key; the conversation ID is not added when turned off', async () => {
		const webhookUrl = await listen(triggerNode());
		await bed.run(
			loadNode([{ path: PART2, fileName: 'zoom-123.mp4' }]),
			symblNode('Submit', bed.credential, {
				operation: 'submit',
				options: { webhookUrl: `${webhookUrl}?team=sales`, correlationKey: 'zoom-123' },
			}),
		);
		const [run] = await webhooks.executions(1);
		expect(nodeOutput(run, 'Symbl Trigger')[0].json).toMatchObject({
			correlationKey: 'zoom-123',
			status: 'completed',
		});
		expect(new URL(bed.emulator.uploads()[0].query.webhookUrl as string).search).toBe(
			'?team=sales&correlationKey=zoom-123',
		);

		const off = bed.emulator.createConversation('8989');
		await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: off.id,
				options: { webhookUrl, addConversationIdToWebhook: false },
			}),
		);
		expect(bed.emulator.uploads()[1].query.webhookUrl).toBe(webhookUrl);
	});

	it("runs a conversation's jobs one after another, and reports a failed job", async () => {
		const conversation = bed.emulator.createConversation('9999');
		bed.emulator.failJobs = (job) => job.query.name === 'broken';
		const webhookUrl = await listen(
			triggerNode({ statuses: ['in_progress', 'completed', 'failed'] }),
		);
		const append = (name: string) =>
			symblNode(`Append ${name}`, bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
				options: { webhookUrl, name },
			});

		await bed.run(loadNode([{ path: PART1 }, { path: PART2 }]), append('first'));
		await bed.run(loadNode([{ path: PART1 }]), append('broken'));
		const runs = await webhooks.executions(6);

		const [first, second, third] = conversation.jobIds;
		const events = runs.map((run) => nodeOutput(run, 'Symbl Trigger')[0].json);
		const order = events.map(
			(event) => `${[first, second, third].indexOf(event.jobId as string) + 1}:${event.status}`,
		);
		expect(order).toEqual([
			'1:in_progress',
			'1:completed',
			'2:in_progress',
			'2:completed',
			'3:in_progress',
			'3:failed',
		]);
		expect(bed.emulator.jobs.get(third)?.status).toBe('failed');
	});

	it('Job → Get Status reads what the emulator reports', async () => {
		const conversation = bed.emulator.createConversation('1212');
		const upload = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, { operation: 'append', conversationId: conversation.id }),
			symblNode('Job', bed.credential, {
				resource: 'job',
				operation: 'get',
				jobId: '={{ $json.jobId }}',
			}),
		);
		const [job] = nodeOutput(upload, 'Job');
		expect(job.json).toEqual({
			id: conversation.jobIds[0],
			status: expect.stringMatching(/^(scheduled|in_progress|completed)$/),
		});
	});

	it('records an unreachable webhook and keeps working', async () => {
		const conversation = bed.emulator.createConversation('1313');
		await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
				options: { webhookUrl: 'http://127.0.0.1:9/nobody-listens' },
			}),
		);
		const failed = await bed.emulator.waitForCallback(
			(callback) => callback.status === 'completed',
		);
		expect(failed.error).toBeDefined();
		expect(failed.deliveredStatus).toBeUndefined();
		expect(bed.emulator.jobs.get(conversation.jobIds[0])?.status).toBe('completed');
	});

	describe('refuses hostile or broken callbacks without starting anything', () => {
		const valid = JSON.stringify({ jobId: 'job-1', status: 'completed' });
		const cases: Array<[string, { body: string; type?: string; query?: string }, number, string]> =
			[
				[
					'a body that is not JSON',
					{ body: 'hello', type: 'text/plain' },
					400,
					'body must be a JSON object',
				],
				[
					'a JSON array',
					{ body: '[{"jobId":"a","status":"completed"}]' },
					400,
					'body must be a JSON object',
				],
				['a JSON string', { body: '"completed"' }, 400, 'body must be a JSON object'],
				['an empty body', { body: '' }, 400, 'body must be a JSON object'],
				['no jobId', { body: '{"status":"completed"}' }, 400, 'jobId must be a non-empty string'],
				[
					'an empty id and no jobId',
					{ body: '{"id":"","status":"completed"}' },
					400,
					'jobId must be a non-empty string',
				],
				[
					'a numeric jobId',
					{ body: '{"jobId":42,"status":"completed"}' },
					400,
					'jobId must be a non-empty string',
				],
				[
					'an empty jobId',
					{ body: '{"jobId":"  ","status":"completed"}' },
					400,
					'jobId must be a non-empty string',
				],
				[
					'an unknown status',
					{ body: '{"jobId":"a","status":"done"}' },
					400,
					'unknown status "done"',
				],
				['a missing status', { body: '{"jobId":"a"}' }, 400, 'unknown status undefined'],
				[
					'a conversation ID in the URL that could be a path',
					{ body: valid, query: '?conversationId=..%2F..%2Foauth2' },
					400,
					'conversationId in the URL is not a valid ID',
				],
				[
					'a 5,000-character correlation key',
					{ body: valid, query: `?correlationKey=${'k'.repeat(5000)}` },
					400,
					'correlationKey too long',
				],
				[
					'a 100,000-character jobId',
					{ body: JSON.stringify({ jobId: 'j'.repeat(10_000), status: 'completed' }) },
					400,
					'jobId must be a non-empty string',
				],
				[
					'an oversized body',
					{ body: JSON.stringify({ jobId: 'a', status: 'completed', pad: 'x'.repeat(20_000) }) },
					413,
					'body too large',
				],
				['no token when a secret is set', { body: valid }, 401, 'missing token'],
				['a wrong token', { body: valid, query: '?token=guess' }, 403, 'wrong token'],
			];

		it.each(cases)(
			'%s',
			async (_title, { body, type = 'application/json', query = '' }, status, reason) => {
				const secret = reason.includes('token')
					? { options: { sharedSecret: 's3cret-value' } }
					: {};
				const url = await listen(triggerNode(secret));
				const response = await fetch(`${url}${query}`, {
					method: 'POST',
					headers: { 'Content-Type': type },
					body,
				});
				expect(response.status).toBe(status);
				expect(await response.json()).toEqual({ received: false, reason });
				expect(webhooks.exchanges.filter((exchange) => exchange.execution)).toHaveLength(0);
			},
		);

		it('malformed JSON is refused by n8n itself (422) before the trigger runs', async () => {
			const url = await listen(triggerNode());
			const response = await post(url, '{"jobId": ');
			expect(response.status).toBe(422);
			expect(webhooks.exchanges).toHaveLength(0);
		});

		it('accepts the right token, and never outputs it', async () => {
			const url = await listen(triggerNode({ options: { sharedSecret: 's3cret-value' } }));
			const response = await post(`${url}?token=s3cret-value&conversationId=42`, valid);
			expect(response.status).toBe(200);
			const [run] = await webhooks.executions(1);
			const item = nodeOutput(run, 'Symbl Trigger')[0].json;
			expect(item).toMatchObject({ jobId: 'job-1', conversationId: '42' });
			expect(JSON.stringify(run.data)).not.toContain('s3cret-value');
		});
	});

	describe('repeated and out-of-order callbacks', () => {
		it('starts one run for a callback Symbl sends three times', async () => {
			const url = await listen(triggerNode());
			const answers = [];
			for (let time = 0; time < 3; time++) {
				answers.push(await (await post(url, { jobId: 'job-r', status: 'completed' })).json());
			}
			expect(answers).toEqual([
				{ received: true, started: true },
				{ received: true, started: false, repeated: true },
				{ received: true, started: false, repeated: true },
			]);
			await webhooks.executions(1);
			expect(webhooks.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
		});

		it('ignores a late "in_progress" after "completed" for the same job', async () => {
			const url = await listen(triggerNode({ statuses: ['in_progress', 'completed'] }));
			await post(url, { jobId: 'job-o', status: 'completed' });
			const late = await (await post(url, { jobId: 'job-o', status: 'in_progress' })).json();
			expect(late).toEqual({ received: true, started: false, repeated: true });
			const other = await (await post(url, { jobId: 'job-p', status: 'in_progress' })).json();
			expect(other).toEqual({ received: true, started: true });
		});

		it('starts one run for two copies of a callback that arrive at the same moment', async () => {
			databaseMs = 20;
			const url = await listen(triggerNode());
			const answers = await Promise.all(
				[1, 2].map(
					async () =>
						(await (
							await post(url, { jobId: 'job-t', status: 'completed' })
						).json()) as IDataObject,
				),
			);
			expect(answers.filter((answer) => answer.started === true)).toHaveLength(1);
			await webhooks.executions(1);
			expect(webhooks.exchanges.filter((exchange) => exchange.execution)).toHaveLength(1);
		});

		it('remembers every job of callbacks that arrive together: their repeats start nothing', async () => {
			databaseMs = 20;
			const url = await listen(triggerNode());
			const jobs = Array.from({ length: 20 }, (_, index) => `job-u${index}`);
			const send = async () =>
				await Promise.all(
					jobs.map(
						async (jobId) =>
							(await (await post(url, { jobId, status: 'completed' })).json()) as IDataObject,
					),
				);
			expect((await send()).every((answer) => answer.started === true)).toBe(true);
			expect((await send()).every((answer) => answer.repeated === true)).toBe(true);
			await webhooks.executions(jobs.length);
			expect(webhooks.exchanges.filter((exchange) => exchange.execution)).toHaveLength(jobs.length);
		});

		it("puts back a job that another process's save dropped from the stored memory", async () => {
			const staticData: IDataObject = {};
			webhooks = new WebhookServer(bed.harness, chain(triggerNode()), staticData);
			await webhooks.start();
			const url = webhooks.url('Symbl Trigger');
			const memory = () => staticData['node:Symbl Trigger'] as IDataObject;
			await post(url, { jobId: 'job-v1', status: 'completed' });
			expect(memory().seen).toBe('\njob-v1 2');
			// Another webhook processor read the memory before job-v1 was in it, and saved after.
			memory().seen = '\njob-other 2';
			await post(url, { jobId: 'job-v2', status: 'completed' });
			expect(memory().seen).toBe('\njob-other 2\njob-v1 2\njob-v2 2');
			await webhooks.executions(2);
		});

		it('keeps at most 500 jobs in the static data, as one string n8n parses and saves cheaply; a repeat after a restart starts nothing', async () => {
			const url = await listen(triggerNode());
			const jobs = Array.from({ length: 510 }, (_, index) => `job-m${index}`);
			for (let from = 0; from < jobs.length; from += 30) {
				const answers = await Promise.all(
					jobs
						.slice(from, from + 30)
						.map(
							async (jobId) =>
								(await (await post(url, { jobId, status: 'completed' })).json()) as IDataObject,
						),
				);
				expect(answers.every((answer) => answer.started === true)).toBe(true);
			}
			await webhooks.executions(jobs.length);
			// One property, one string: n8n reads the static data twice per callback, wraps every
			// object in it in change-tracking proxies and writes it back whole after each change.
			const memory = staticData['node:Symbl Trigger'] as IDataObject;
			expect(Object.keys(memory)).toEqual(['seen']);
			expect(typeof memory.seen).toBe('string');
			const lines = (memory.seen as string).split('\n').filter(Boolean);
			expect(lines).toHaveLength(500);
			expect(lines[0]).toBe('job-m10 2');
			expect(lines.at(-1)).toBe('job-m509 2');
			await webhooks.stop();

			// n8n restarted: this process's memory is gone (another node ID keys it), the static data
			// is what n8n saved. The newest jobs' repeats start nothing; a forgotten job's does.
			const restarted = { ...triggerNode(), id: 'trigger-after-restart' };
			const again = await listen(restarted);
			const repeat = async (jobId: string, status = 'completed') =>
				(await (await post(again, { jobId, status })).json()) as IDataObject;
			expect(await repeat('job-m509')).toEqual({ received: true, started: false, repeated: true });
			expect(await repeat('job-m10')).toEqual({ received: true, started: false, repeated: true });
			expect(await repeat('job-m10', 'in_progress')).toMatchObject({ started: false });
			expect(await repeat('job-m0')).toEqual({ received: true, started: true });
		});

		it('honours the memory an older version left (an object of jobs) and moves it into the string', async () => {
			staticData['node:Symbl Trigger'] = { seenJobs: { 'job-v1': 2, 'job-v2': 3 } };
			const url = await listen(triggerNode());
			const answer = async (jobId: string) =>
				(await (await post(url, { jobId, status: 'completed' })).json()) as IDataObject;
			expect(await answer('job-v1')).toEqual({ received: true, started: false, repeated: true });
			expect(await answer('job-v2')).toEqual({ received: true, started: false, repeated: true });
			expect(await answer('job-v3')).toEqual({ received: true, started: true });
			expect(staticData['node:Symbl Trigger']).toEqual({
				seen: '\njob-v1 2\njob-v2 3\njob-v3 2',
			});
			expect(await answer('job-v1')).toEqual({ received: true, started: false, repeated: true });
		});

		it('remembers job IDs of any characters exactly', async () => {
			const url = await listen(triggerNode());
			const answer = async (jobId: string) =>
				(await (await post(url, { jobId, status: 'completed' })).json()) as IDataObject;
			for (const jobId of ['a b', 'a\nb 2', 'a', '%61']) {
				expect(await answer(jobId)).toEqual({ received: true, started: true });
			}
			for (const jobId of ['a b', 'a\nb 2', 'a', '%61']) {
				expect(await answer(jobId)).toMatchObject({ started: false, repeated: true });
			}
			expect(await answer('a\nb')).toEqual({ received: true, started: true });
		});

		it('starts a run for every repeat when "Ignore Repeated Callbacks" is off', async () => {
			const url = await listen(triggerNode({ options: { ignoreRepeats: false } }));
			for (let time = 0; time < 3; time++) await post(url, { jobId: 'job-s', status: 'completed' });
			expect(await webhooks.executions(3)).toHaveLength(3);
		});
	});

	describe("the conversation ID: the URL's, which the Symbl node put there", () => {
		it.each([
			['null', null],
			['a number', 5815170693595136],
			['an object', { $ne: 1 }],
			['empty text', ''],
			['another valid ID', '9999'],
		])('keeps the URL value when the body carries %s', async (_kind, conversationId) => {
			const url = await listen(triggerNode());
			const response = await post(`${url}?conversationId=42`, {
				jobId: 'job-c',
				status: 'completed',
				conversationId,
			});
			expect(response.status).toBe(200);
			const [run] = await webhooks.executions(1);
			expect(nodeOutput(run, 'Symbl Trigger')[0].json.conversationId).toBe('42');
		});

		it('takes a valid ID from the body when the URL has none', async () => {
			const url = await listen(triggerNode());
			await post(url, { jobId: 'job-d', status: 'completed', conversationId: '777' });
			const [run] = await webhooks.executions(1);
			expect(nodeOutput(run, 'Symbl Trigger')[0].json.conversationId).toBe('777');
		});
	});
});
