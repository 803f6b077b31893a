/**
 * A Symbl (or a proxy in front of it) that misbehaves on loopback, as a red-team pass drove it
 * (issue 21): a connection cut after the whole upload, a refusal answered before the upload was
 * read, a token-renewal read that fails, an error that echoes the webhook URL's secret, a list
 * that comes back empty, n8n's own Retry On Fail. What a user would see: how many uploads Symbl
 * received (jobs, charges), the error text, the items out.
 */
import { readFileSync } from 'node:fs';
import type { IDataObject } from 'n8n-workflow';

import { NO_ANSWER } from '../../emulator';
import { nodeOutput, runError } from '../../harness';
import { bedPerTest, itemsNode, loadNode, PART1, PART2, sha256, symblNode } from '../support';

const MiB = 1024 * 1024;
const UPLOAD = /^\/v1\/process\/video\//;

const bed = bedPerTest('filesystem', ['7777']);

/** An MP4 of about `mib` MiB: a real one's bytes, then zeros. */
const bigMp4 = (name: string, mib: number) =>
	bed().file(name, Buffer.concat([readFileSync(PART1), Buffer.alloc(mib * MiB)]));

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

describe('an upload whose whole file went out is never sent again', () => {
	it.each([
		['closes the connection after reading the whole file', { withTcpReset: false }],
		['resets the connection (RST) after reading the whole file', { withTcpReset: true }],
	])('a server that %s receives it once', async (_what, reset) => {
		const file = bigMp4('whole.mp4', 2);
		const size = readFileSync(file).length;
		bed().emulator.failNext({ path: UPLOAD, resetAfterBytes: size, times: 3, ...reset });

		const run = await bed().run(loadNode([{ path: file }]), append());

		const uploads = bed().emulator.uploads();
		expect(uploads).toHaveLength(1);
		expect(uploads[0]).toMatchObject({ status: NO_ANSWER.reset, bodyBytes: size });
		const error = errorOf(run)!;
		expect(error.message).toMatch(
			/^No answer from Symbl at http:\/\/127\.0\.0\.1:\d+ after the whole file was sent: (Symbl closed the connection|the connection was reset) without an answer$/,
		);
		expect(error.message).not.toMatch(/while the file was being sent|refuses an upload/);
		expect(error.description).toMatch(/did not send it again: that could start a second job/);
	});

	it('a server that reads the whole file and never answers receives it once, with the same words', async () => {
		bed().emulator.failNext({ path: UPLOAD, stall: true, times: 3 });
		const run = await bed().run(loadNode([{ path: PART1 }]), append({ timeoutSeconds: 1 }));

		expect(bed().emulator.uploads()).toHaveLength(1);
		const error = errorOf(run)!;
		expect(error.message).toMatch(
			/^No answer from Symbl at .* after the whole file was sent: the connection stayed silent past the timeout$/,
		);
		expect(error.description).toMatch(/did not send it again/);
	});

	it('a URL upload whose connection is reset after its body is sent once', async () => {
		bed().emulator.failNext({ path: /\/url\//, resetAfterBytes: 1, times: 3 });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Append URL', bed().credential, {
				operation: 'appendUrl',
				conversationId: '7777',
				url: 'https://storage.example.com/a.mp4',
			}),
		);

		expect(bed().emulator.uploads()).toHaveLength(1);
		expect(errorOf(run)?.message).toMatch(
			/^No answer from Symbl at .* after the whole request was sent: /,
		);
	});
});

describe('a connection cut in the middle of an upload', () => {
	const cut =
		/^Could not reach Symbl at .*: (the connection was reset|Symbl closed the connection) after ([\d,]+) of ([\d,]+) bytes of the file had been sent$/;

	it('is explained with how much of the file went out, not as a refusal', async () => {
		const file = bigMp4('cut.mp4', 16);
		const size = readFileSync(file).length;
		bed().emulator.failNext({ path: UPLOAD, resetAfterBytes: MiB });

		const run = await bed().run(loadNode([{ path: file }]), append({ maxAttempts: 1 }));

		const message = errorOf(run)!.message;
		expect(message).toMatch(cut);
		const [, , sent, of] = cut.exec(message)!;
		const bytes = (text: string) => Number(text.replace(/,/g, ''));
		expect(bytes(of)).toBe(size);
		expect(bytes(sent)).toBeGreaterThanOrEqual(MiB);
		expect(bytes(sent)).toBeLessThan(size);
		expect(message).not.toMatch(/refuses an upload before reading it/);
	});
});

describe('a refusal Symbl answers before reading a large upload', () => {
	it.each([
		[
			429,
			/^Symbl is busy with too many jobs.* \(HTTP 429\): Slow down; Symbl asked to retry after 7 s$/,
		],
		[
			503,
			/^Symbl is temporarily unavailable \(HTTP 503\): Slow down; Symbl asked to retry after 7 s$/,
		],
		[413, /^Symbl refused the upload as too large \(HTTP 413\): Slow down$/],
	])(
		'%i: its status is reported every time, with the Retry-After Symbl gave (10 runs)',
		async (status, expected) => {
			const file = bigMp4('refused.mp4', 4);
			const errors: ErrorText[] = [];
			for (let run = 0; run < 10; run++) {
				bed().emulator.failNext({
					path: UPLOAD,
					status,
					message: 'Slow down',
					answerBeforeBody: true,
					headers: { 'Retry-After': '7' },
				});
				const result = await bed().run(loadNode([{ path: file }]), append({ maxAttempts: 1 }));
				errors.push(errorOf(result)!);
			}
			// Before the fix, most runs said only that the connection closed.
			expect(errors.map(({ message }) => message).filter((text) => !expected.test(text))).toEqual(
				[],
			);
			for (const { description } of errors) {
				expect(description).toMatch(
					/Symbl answered before it had read the whole file \([\d,]+ of [\d,]+ bytes sent\): it refused the upload without reading it/,
				);
			}
			expect(bed().emulator.uploads()).toHaveLength(10);
		},
	);

	it('429 with Max Attempts: sent again after Retry-After, and the last status is reported', async () => {
		const file = bigMp4('refused.mp4', 4);
		bed().emulator.failNext({
			path: UPLOAD,
			status: 429,
			message: 'Slow down',
			answerBeforeBody: true,
			headers: { 'Retry-After': '1' },
			times: 2,
		});
		const run = await bed().run(loadNode([{ path: file }]), append({ maxAttempts: 2 }));
		expect(errorOf(run)?.message).toMatch(
			/\(HTTP 429\): Slow down; Symbl asked to retry after 1 s \(after 2 attempts\)$/,
		);
		expect(bed().emulator.uploads()).toHaveLength(2);
	});
});

describe('the token-renewal read', () => {
	const RENEWAL = /^\/v1\/conversations$/;

	it('failing with 404 keeps the expired-token error and says what the renewal read got', async () => {
		await bed().run(loadNode([{ path: PART1 }]), append()); // a token is cached
		bed().emulator.expireAllTokens();
		bed().emulator.failNext({ method: 'GET', path: RENEWAL, status: 404, message: 'No such path' });

		const run = await bed().run(loadNode([{ path: PART2 }]), append());

		const message = errorOf(run)!.message;
		expect(message).toMatch(
			/^Symbl did not accept the credential .*\(HTTP 401\): .*; the token could not be renewed \(GET \/v1\/conversations\?limit=1 answered HTTP 404\)$/,
		);
		expect(message).not.toMatch(/could not be found|freshly issued/);
	});

	it.each([
		[404, 'a path-restricted proxy'],
		[429, 'a busy Symbl'],
		[502, 'a failing gateway'],
	])('failing with %i (%s) after a cut-off upload does not stop its retries', async (status) => {
		const file = bigMp4('cut.mp4', 16);
		bed().emulator.failNext({ path: UPLOAD, resetAfterBytes: MiB });
		bed().emulator.failNext({ method: 'GET', path: RENEWAL, status, message: 'Renewal refused' });

		const run = await bed().run(loadNode([{ path: file }]), append());

		expect(errorOf(run)).toBeUndefined();
		const uploads = bed().emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([NO_ANSWER.reset, 201]);
		expect(uploads[1].bodySha256).toBe(sha256(file));
	});

	it('succeeding without a new token: a second 401 is not blamed on a "freshly issued" token', async () => {
		bed().emulator.failNext({ path: UPLOAD, status: 401, message: 'Not allowed', times: 2 });

		const run = await bed().run(loadNode([{ path: PART1 }]), append());

		expect(bed().emulator.tokenRequests()).toHaveLength(1);
		const message = errorOf(run)!.message;
		expect(message).toMatch(
			/\(HTTP 401\): Not allowed; n8n renewed the token if it had expired \(a read with it succeeded\), and Symbl refused the request again$/,
		);
		expect(message).not.toMatch(/freshly issued/);
	});

	it("answered 401 after n8n issued a new token: says so, with Symbl's first answer", async () => {
		await bed().run(loadNode([{ path: PART1 }]), append()); // a token is cached
		bed().emulator.expireAllTokens();
		// The renewal read: 401 with the expired token, then 401 again with the new one.
		bed().emulator.failNext({ method: 'GET', path: RENEWAL, status: 401, message: 'No', times: 2 });

		const run = await bed().run(loadNode([{ path: PART2 }]), append());

		expect(bed().emulator.tokenRequests()).toHaveLength(2);
		expect(errorOf(run)?.message).toMatch(
			/\(HTTP 401\): .*; Symbl refused a freshly issued token as well \(GET \/v1\/conversations\?limit=1 answered HTTP 401\)$/,
		);
	});
});

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
	/** Get Results of conversation 7777 for these parts, after one input item. */
	const runGetResults = async (results: string[]) =>
		await bed().run(
			itemsNode([{}]),
			symblNode('Results', bed().credential, {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '7777',
				results,
			}),
		);

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
		const run = await runGetResults(['messages', 'summary']);

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
		const run = await runGetResults(['summary']);
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

describe("n8n's Retry On Fail and an upload Symbl may have received", () => {
	it.each([
		['with Continue On Fail', { onError: 'continueRegularOutput' }],
		['without it', {}],
	])(
		'%s: the upload answered 500 is not sent again, its error is reported again',
		async (_, onError) => {
			bed().emulator.failNext({ path: UPLOAD, status: 500, message: 'Internal error' });
			const run = await bed().run(
				loadNode([{ path: PART1 }, { path: PART2 }]),
				append({}, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10, ...onError }),
			);
			const statuses = bed()
				.emulator.uploads()
				.map((upload) => upload.status);
			// One upload of item 0 (the 500), whatever n8n retried; item 1 once, or not at all when the
			// run stopped on item 0.
			expect(statuses.filter((status) => status === 500)).toHaveLength(1);
			expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(1);
			const message =
				'onError' in onError ? nodeOutput(run, 'Append')[0].json.error : errorOf(run)?.message;
			expect(message).toMatch(/HTTP 500/);
		},
	);
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
