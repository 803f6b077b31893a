/**
 * A Symbl (or a proxy in front of it) that misbehaves on loopback, as a red-team pass drove it
 * (issue 21): a connection cut after the whole upload, a refusal answered before the upload was
 * read, a token-renewal read that fails, an error that echoes the webhook URL's secret, a list
 * that comes back empty, n8n's own Retry On Fail. What a user would see: how many uploads Symbl
 * received (jobs, charges), the error text, the items out.
 */

import type { IDataObject } from 'n8n-workflow';

import { nodeOutput, runError } from '../../harness';
import { bedPerTest, itemsNode, loadNode, PART1, PART2, symblNode } from '../support';

const UPLOAD = /^\/v1\/process\/video\//;

const bed = bedPerTest('filesystem', ['7777']);

const append = (options: IDataObject = {}, settings = {}) =>
	symblNode(
		'Append',
		bed().credential,
		{ operation: 'append', conversationId: '7777', options },
		settings,
	);

type Run = Awaited<ReturnType<ReturnType<typeof bed>['run']>>;
type ErrorText = { message: string; description?: string };
const errorOf = (run: Run) => runError(run) as unknown as ErrorText | undefined;

/**
 * Everything the node put into the run's error: message, description, the error's response and
 * its messages, as an error workflow or a log gets them. The node's parameters, which n8n attaches
 * to every error, hold what the user typed (their own Webhook URL) and are left out.
 */
const errorText = (run: Run) =>
	JSON.stringify(run.data.resultData.error, (key, value) => (key === 'node' ? undefined : value));

describe("the Symbl Trigger's shared secret in error text", () => {
	const SECRET = 'S3cret-Trigger-Token-42';
	const webhookUrl = `https://n8n.example.com/webhook/symbl?token=${SECRET}`;
	const echoes = [
		['the webhook URL', (url: string) => `Invalid webhookUrl ${url}`],
		[
			'the request URL, webhook URL encoded in it',
			(url: string) =>
				`Bad request PUT /v1/process/video/7777?webhookUrl=${encodeURIComponent(url)}&x=1`,
		],
		['a JSON-escaped URL', (url: string) => JSON.stringify({ url }).replace('&', '\\u0026')],
	] as const;

	it.each(echoes)('is redacted when a 400 echoes %s', async (_what, echo) => {
		const sent = `${webhookUrl}&conversationId=7777`;
		bed().emulator.failNext({ path: UPLOAD, status: 400, message: echo(sent) });

		const run = await bed().run(loadNode([{ path: PART1 }]), append({ webhookUrl }));

		const error = errorOf(run)!;
		expect(error.message).toMatch(/\(HTTP 400\): .*token(=|%3D)\[redacted\]/);
		expect(errorText(run)).not.toContain(SECRET);
		// Symbl did get the secret: it needs it to call the trigger.
		expect(bed().emulator.uploads()[0].query.webhookUrl).toContain(SECRET);
	});

	it('is redacted from a URL upload whose 400 echoes its body', async () => {
		bed().emulator.failNext({ path: /\/url\//, status: 400, message: `Cannot use ${webhookUrl}` });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Append URL', bed().credential, {
				operation: 'appendUrl',
				conversationId: '7777',
				url: 'https://storage.example.com/a.mp4',
				options: { webhookUrl },
			}),
		);
		expect(errorOf(run)?.message).toMatch(/token=\[redacted\]/);
		expect(errorText(run)).not.toContain(SECRET);
	});

	it('is redacted when the Webhook URL option itself is refused', async () => {
		const run = await bed().run(
			loadNode([{ path: PART1 }]),
			append({ webhookUrl: `ftp://n8n.example.com/webhook?token=${SECRET}` }),
		);
		expect(errorOf(run)?.message).toMatch(/must be an absolute http\(s\) URL.*token=\[redacted\]/);
		expect(errorText(run)).not.toContain(SECRET);
		expect(bed().emulator.uploads()).toHaveLength(0);
	});
});

describe('every input item gives an output item or an error', () => {
	const summaries = (...bodies: unknown[]) => {
		for (const body of bodies) {
			bed().emulator.failNext({
				path: /\/summary$/,
				status: 200,
				rawBody: JSON.stringify(body),
				contentType: 'application/json',
			});
		}
	};

	it('Get Summary: a summary, an empty one, one still in progress', async () => {
		summaries(
			{ summary: [{ id: 's1', text: 'Ship it.' }] },
			{ summary: [] },
			{ summary: null, status: 'in_progress' },
		);
		const run = await bed().run(
			itemsNode([{}, {}, {}]),
			symblNode(
				'Summary',
				bed().credential,
				{ resource: 'conversation', operation: 'getSummary', conversationId: '7777' },
				{ onError: 'continueRegularOutput' },
			),
		);

		const items = nodeOutput(run, 'Summary');
		expect(items).toEqual([
			{ json: { id: 's1', text: 'Ship it.' }, pairedItem: { item: 0 } },
			{ json: { conversationId: '7777', summary: [] }, pairedItem: { item: 1 } },
			{
				json: { error: 'Symbl has no summary for this conversation yet (status "in_progress")' },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('Get Results: a part still in progress is a note, and the item goes out', async () => {
		bed().emulator.failNext({
			path: /\/messages$/,
			status: 200,
			rawBody: JSON.stringify({ messages: [] }),
			contentType: 'application/json',
		});
		summaries({ summary: null, status: 'in_progress' });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Results', bed().credential, {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '7777',
				results: ['messages', 'summary'],
			}),
		);

		expect(nodeOutput(run, 'Results')).toEqual([
			{
				json: {
					conversationId: '7777',
					messages: [],
					summary: {
						error: 'not ready yet (in_progress)',
						message: 'Symbl has no summary for this conversation yet (status "in_progress")',
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Get Results (summary only) still in progress: an error that says so, not silence', async () => {
		summaries({ summary: null, status: 'in_progress' });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Results', bed().credential, {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '7777',
				results: ['summary'],
			}),
		);
		expect(errorOf(run)?.message).toBe(
			'Symbl has no summary for this conversation yet (status "in_progress")',
		);
	});
});

describe("n8n's Retry On Fail", () => {
	it('with Continue On Fail and item 0 failing: the 49 items that succeeded are not uploaded again', async () => {
		// n8n runs the node again when the first item it output is an error (Continue On Fail).
		bed().emulator.failNext({ path: UPLOAD, status: 400, message: 'Not this one' });
		const files = Array.from({ length: 50 }, (_, index) => ({ path: index % 2 ? PART2 : PART1 }));

		const run = await bed().run(
			loadNode(files),
			append(
				{},
				{ retryOnFail: true, maxTries: 2, waitBetweenTries: 10, onError: 'continueRegularOutput' },
			),
		);

		const statuses = bed()
			.emulator.uploads()
			.map((upload) => upload.status);
		expect(statuses.filter((status) => status === 400)).toHaveLength(1);
		expect(statuses.filter((status) => status === 201)).toHaveLength(50);
		const items = nodeOutput(run, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual(files.map((_, item) => ({ item })));
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(50);
	});
});

describe('the timeout of a read', () => {
	it('is 30 s by default: a Job status read against a silent server fails after 30 s, not 300', async () => {
		bed().emulator.failNext({ path: /^\/v1\/job\//, stall: true });
		const started = Date.now();
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Status', bed().credential, {
				resource: 'job',
				operation: 'get',
				jobId: 'a-job',
				options: { maxAttempts: 1 },
			}),
		);
		const seconds = (Date.now() - started) / 1000;

		expect(errorOf(run)?.message).toMatch(/stayed silent past the timeout$/);
		expect(seconds).toBeGreaterThanOrEqual(29);
		expect(seconds).toBeLessThan(60);
	}, 120_000);
});
