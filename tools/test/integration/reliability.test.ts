/**
 * What a flaky network and a busy Symbl must never do to a workflow: lose, duplicate or reorder
 * uploads, hang, or send a credential anywhere but the Base URL. Faults come from the emulator's
 * controls, never from timing luck.
 */
import { readFileSync } from 'node:fs';

import { NO_ANSWER, SymblEmulator } from '../../emulator';
import { nodeOutput, runError } from '../../harness';
import { itemsNode, loadNode, PART1, PART2, sha256, symblNode, TestBed } from '../support';

let bed: TestBed;
beforeEach(async () => {
	bed = await new TestBed().start();
	bed.emulator.createConversation('7777');
});
afterEach(async () => await bed.stop());

const append = (settings = {}, options = {}) =>
	symblNode(
		'Append',
		bed.credential,
		{ operation: 'append', conversationId: '7777', options },
		settings,
	);

describe('retries', () => {
	it('sends a 429-refused upload again, from a fresh stream, and keeps item order', async () => {
		bed.emulator.failNext({
			method: 'PUT',
			path: /^\/v1\/process\/video\//,
			status: 429,
			message: 'busy',
			times: 2,
		});
		const run = await bed.run(loadNode([{ path: PART1 }, { path: PART2 }]), append());

		expect(runError(run)).toBeUndefined();
		expect(nodeOutput(run, 'Append').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([429, 429, 201, 201]);
		// The accepted bodies are whole, once each, in item order.
		const accepted = uploads.filter((upload) => upload.status === 201);
		expect(accepted.map((upload) => upload.bodySha256)).toEqual([sha256(PART1), sha256(PART2)]);
	});

	it('does not retry a 400: it is final', async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 400,
			message: 'Invalid mode',
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(/\(HTTP 400\): Invalid mode$/);
		expect(bed.emulator.uploads()).toHaveLength(1);
	});

	it('honours Max Attempts', async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 503,
			message: 'down',
			times: 5,
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append({}, { maxAttempts: 2 }));
		expect(runError(run)?.message).toMatch(/\(HTTP 503\): down \(after 2 attempts\)/);
		expect(bed.emulator.uploads()).toHaveLength(2);
	});

	it("n8n's Retry On Fail does not upload again the items that had succeeded", async () => {
		// Item 1 fails with a final error; n8n then runs the node again with all three items.
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 400,
			message: 'once',
			after: 1,
		} as never);
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }, { path: PART1 }]),
			append({ retryOnFail: true, maxTries: 2, waitBetweenTries: 10 }),
		);

		expect(runError(run)).toBeUndefined();
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([201, 400, 201, 201]);
		expect(uploads.filter((u) => u.status === 201).map((u) => u.bodySha256)).toEqual(
			[PART1, PART2, PART1].map(sha256),
		);
		const items = nodeOutput(run, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(3);
	});
});

describe('waits and timeouts', () => {
	it("waits as long as Symbl's Retry-After asks before sending again", async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 429,
			message: 'busy',
			headers: { 'Retry-After': '1' },
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append());

		expect(runError(run)).toBeUndefined();
		const [refused, accepted] = bed.emulator.uploads();
		expect(accepted.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(950);
	});

	it('ends a stalled upload with a clear error naming the item, never a hang', async () => {
		bed.emulator.failNext({ path: /^\/v1\/process\/video\//, stall: true });
		const run = await bed.run(
			loadNode([{ path: PART1 }]),
			append({}, { timeoutSeconds: 1, maxAttempts: 1 }),
		);
		const error = runError(run) as unknown as { message: string; context: { itemIndex: number } };
		expect(error.message).toMatch(
			/No answer from Symbl at .* after the whole file was sent: the connection stayed silent past the timeout/,
		);
		expect(error.context.itemIndex).toBe(0);
	});

	it('ends a stalled read (Get Status) the same way', async () => {
		bed.emulator.failNext({ path: /^\/v1\/job\//, stall: true });
		const run = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Status', bed.credential, {
				resource: 'job',
				operation: 'get',
				jobId: 'a-job',
				options: { timeoutSeconds: 1, maxAttempts: 1 },
			}),
		);
		expect(runError(run)?.message).toMatch(/stayed silent past the timeout/);
	});
});

describe('broken connections', () => {
	// A reset comes before the whole file went out only if the file is larger than what the
	// sockets' buffers take at once (a few MiB on loopback); a reset after that may have come
	// after Symbl read it all, and is not sent again (misbehaving-symbl.test.ts).
	const padded = (path: string, name: string) =>
		bed.file(name, Buffer.concat([readFileSync(path), Buffer.alloc(16 * 1024 * 1024)]));

	it('sends the whole file again after a reset mid-body; no partial body is accepted', async () => {
		const big = padded(PART1, 'big.mp4');
		bed.emulator.failNext({ path: /^\/v1\/process\/video\//, resetAfterBytes: 1000 });
		const run = await bed.run(loadNode([{ path: big }]), append());

		expect(runError(run)).toBeUndefined();
		const [reset, accepted] = bed.emulator.uploads();
		expect(reset.status).toBe(NO_ANSWER.reset);
		expect(accepted).toMatchObject({ status: 201, bodySha256: sha256(big) });
	});

	it('ten appends through 429s, 5xx and resets: ten whole bodies, once each, in item order', async () => {
		const path = /^\/v1\/process\/video\//;
		bed.emulator.failNext({ path, status: 429, message: 'busy', after: 2, times: 2 });
		bed.emulator.failNext({ path, resetAfterBytes: 500, after: 3 });
		bed.emulator.failNext({ path, status: 503, message: 'gateway', after: 5 });
		const [big1, big2] = [padded(PART1, 'big1.mp4'), padded(PART2, 'big2.mp4')];
		const files = Array.from({ length: 10 }, (_, index) => ({ path: index % 2 ? big2 : big1 }));
		const run = await bed.run(loadNode(files), append());

		expect(runError(run)).toBeUndefined();
		const accepted = bed.emulator.uploads().filter((upload) => upload.status === 201);
		expect(accepted.map((upload) => upload.bodySha256)).toEqual(
			files.map((file) => sha256(file.path)),
		);
		expect(bed.emulator.uploads().length).toBeGreaterThan(10);
		const items = nodeOutput(run, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual(files.map((_, item) => ({ item })));
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(10);
	});

	it('reports the status of a server that answered before reading the upload, and sends it once', async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 413,
			message: 'Payload too large',
			answerBeforeBody: true,
			times: 3,
		});
		const big = bed.file(
			'big.mp4',
			Buffer.concat([readFileSync(PART1), Buffer.alloc(32 * 1024 * 1024)]),
		);
		const run = await bed.run(loadNode([{ path: big }]), append());
		// The answer waits in the socket while the client's next write fails: it is read all the same.
		expect(runError(run)?.message).toBe(
			'Symbl refused the upload as too large (HTTP 413): Payload too large',
		);
		expect(bed.emulator.uploads()).toHaveLength(1);
	});
});

describe('what Symbl answers', () => {
	it('turns a 10 MB HTML error page into a short message', async () => {
		const page = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(10 * 1024 * 1024)}</body></html>`;
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 502,
			rawBody: page,
			contentType: 'text/html',
			times: 3,
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		const message = runError(run)?.message ?? '';
		expect(message).toMatch(/\(HTTP 502\): an HTML page "502 Bad Gateway" \(after 3 attempts\)$/);
		expect(message.length).toBeLessThan(300);
	});

	it.each([
		['an HTML page', '<html>ok</html>', /answered with an answer that is not JSON/],
		['an empty body', '', /answered with an empty answer/],
		['an array', '[]', /did not say which job processes it/],
		['a string', '"accepted"', /did not say which job processes it/],
	])('refuses an upload answered 201 with %s', async (_kind, rawBody, message) => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 201,
			rawBody,
			contentType: 'text/plain',
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(message);
	});
});

describe('credentials go to the Base URL only', () => {
	let elsewhere: SymblEmulator;
	beforeEach(async () => {
		elsewhere = new SymblEmulator({ appId: bed.emulator.appId, appSecret: bed.emulator.appSecret });
		await elsewhere.start();
	});
	afterEach(async () => await elsewhere.stop());

	const redirect = (path: RegExp, status = 307) =>
		bed.emulator.failNext({
			path,
			status,
			message: 'moved',
			headers: { Location: `${elsewhere.baseUrl}/v1/conversations/7777/messages` },
		});

	it('does not post the App Secret to where the token endpoint redirects', async () => {
		redirect(/^\/oauth2\/token:generate$/);
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(/access token.*HTTP 307 \(a redirect, not followed/);
		expect(elsewhere.requests).toHaveLength(0);
	});

	it.each([301, 302, 307, 308])(
		'does not follow a %i from a read with the bearer token',
		async (status) => {
			redirect(/\/messages$/, status);
			const run = await bed.run(
				loadNode([{ path: PART1 }]),
				symblNode('Results', bed.credential, {
					resource: 'conversation',
					operation: 'getResults',
					conversationId: '7777',
					results: ['messages'],
				}),
			);
			expect(runError(run)?.message).toMatch(
				new RegExp(`redirect to ${elsewhere.baseUrl}, which is not followed.*\\(HTTP ${status}\\)`),
			);
			expect(elsewhere.requests).toHaveLength(0);
		},
	);

	it('does not follow a redirect from an upload', async () => {
		redirect(/^\/v1\/process\/video\//);
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(/which is not followed/);
		expect(elsewhere.requests).toHaveLength(0);
	});

	afterEach(() => {
		// No error path above may reveal the App Secret or a token, in any output or record.
		const recorded = JSON.stringify([bed.emulator.requests, elsewhere.requests]);
		for (const secret of bed.secrets()) expect(recorded).not.toContain(secret);
	});
});

describe('tokens', () => {
	it('names the token endpoint when it is down, and sends no upload', async () => {
		bed.emulator.failNext({ path: /^\/oauth2\/token:generate$/, status: 503, message: 'down' });
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(
			new RegExp(
				`Could not get a Symbl access token from ${bed.emulator.baseUrl}/oauth2/token:generate: HTTP 503`,
			),
		);
		expect(bed.emulator.uploads()).toHaveLength(0);
	});

	it('renews a token the server refused before reading the upload, then sends the whole file', async () => {
		await bed.run(loadNode([{ path: PART1 }]), append()); // a token is cached
		bed.emulator.expireAllTokens();
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 401,
			message: 'Token expired',
			answerBeforeBody: true,
		});
		const big = bed.file(
			'big.mp4',
			Buffer.concat([readFileSync(PART1), Buffer.alloc(16 * 1024 * 1024)]),
		);
		const run = await bed.run(loadNode([{ path: big }]), append());

		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.tokenRequests()).toHaveLength(2);
		const accepted = bed.emulator.uploads().filter((upload) => upload.status === 201);
		expect(accepted.at(-1)?.bodySha256).toBe(sha256(big));
	});
});

describe('JSON bodies (URL and text uploads)', () => {
	it('sends the whole body again after an expired token, a 429 and a 502', async () => {
		const text = symblNode('Append Text', bed.credential, {
			resource: 'text',
			operation: 'append',
			conversationId: '7777',
		});
		// The first run takes a token; it expires before the second.
		await bed.run(itemsNode([{ text: 'warm-up' }]), text);
		bed.emulator.reset();
		bed.emulator.createConversation('7777');
		bed.emulator.failNext({ path: /^\/v1\/process\/text\//, status: 429, message: 'busy' });
		bed.emulator.failNext({
			path: /^\/v1\/process\/text\//,
			status: 502,
			message: 'Bad gateway',
			after: 1,
		});
		bed.emulator.expireAllTokens();

		const lines = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
		const run = await bed.run(itemsNode(lines), text);

		expect(runError(run)).toBeUndefined();
		expect(nodeOutput(run, 'Append Text')[0].json).toMatchObject({
			conversationId: '7777',
			messageCount: 3,
		});
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([429, 401, 502, 201]);
		// After three failed attempts, the fourth still carried the whole body.
		expect(uploads.at(-1)?.json).toEqual({
			messages: lines.map((line) => ({ payload: { content: line.text } })),
		});
	});

	it('sends a URL upload once when Symbl answers a 400', async () => {
		const run = await bed.run(
			itemsNode([{}]),
			symblNode('Submit URL', bed.credential, {
				resource: 'video',
				operation: 'submitUrl',
				url: 'https://storage.example.com/a.mp4',
				options: { confidenceThreshold: 0.9 },
			}),
		);
		expect(runError(run)).toBeUndefined();
		bed.emulator.failNext({ path: /url$/, status: 400, message: 'Bad url' });
		const refused = await bed.run(
			itemsNode([{}]),
			symblNode('Submit URL', bed.credential, {
				resource: 'video',
				operation: 'submitUrl',
				url: 'https://storage.example.com/b.mp4',
			}),
		);
		expect(runError(refused)?.message).toMatch(/\(HTTP 400\): Bad url$/);
		expect(bed.emulator.uploads().map((upload) => upload.status)).toEqual([201, 400]);
	});
});

describe('the timeout is for silence, not for a long upload', () => {
	it('completes an upload that takes longer than the timeout but keeps sending', async () => {
		bed.emulator.failNext({ path: /^\/v1\/process\/video\//, pauseAfterEachChunkMs: 5 });
		const big = bed.file(
			'slow.mp4',
			Buffer.concat([readFileSync(PART1), Buffer.alloc(24 * 1024 * 1024)]),
		);
		const started = Date.now();
		const run = await bed.run(
			loadNode([{ path: big }]),
			append({}, { timeoutSeconds: 1, maxAttempts: 1 }),
		);

		expect(runError(run)).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThan(1500);
		expect(bed.emulator.uploads()[0]).toMatchObject({ status: 201, bodySha256: sha256(big) });
	});

	it('does not send again an upload whose answer never came: Symbl may be processing it', async () => {
		bed.emulator.failNext({ path: /^\/v1\/process\/video\//, stall: true });
		const run = await bed.run(loadNode([{ path: PART1 }]), append({}, { timeoutSeconds: 1 }));
		expect(runError(run)?.message).toMatch(/stayed silent past the timeout$/);
		expect(bed.emulator.uploads()).toHaveLength(1);
	});
});
