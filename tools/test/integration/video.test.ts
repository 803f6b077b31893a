/**
 * Submit Video and Append Video run inside n8n-core's WorkflowExecute against the
 * emulator over real HTTP: what Symbl receives (bytes, query, headers) and what
 * the workflow gets back (items, pairing, errors).
 */
import { statSync } from 'node:fs';

import { TRIAL_JOB_LIMIT } from '../../emulator';
import { nodeOutput, runError } from '../../harness';
import { loadNode, PART1, PART2, serializeRun, sha256, symblNode, TestBed } from '../support';

describe.each(['default', 'filesystem'] as const)(
	'video upload with %s binary mode',
	(binaryMode) => {
		let bed: TestBed;
		beforeEach(async () => {
			bed = await new TestBed().start(binaryMode);
		});
		afterEach(async () => await bed.stop());

		it('submits, then appends, and Symbl receives each file byte for byte', async () => {
			const submit = symblNode('Submit', bed.credential, { operation: 'submit' });
			const part2 = loadNode([{ path: PART2 }], 'Load Part 2');
			const append = symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: '={{ $json.conversationId }}',
			});
			const run = await bed.run(loadNode([{ path: PART1 }]), submit, part2, append);

			expect(runError(run)).toBeUndefined();
			const [submitted] = nodeOutput(run, 'Submit');
			const [appended] = nodeOutput(run, 'Append');
			expect(appended.json.conversationId).toBe(submitted.json.conversationId);
			expect(appended.json.jobId).toEqual(expect.any(String));
			expect(appended.json.jobId).not.toBe(submitted.json.jobId);
			expect(appended.pairedItem).toEqual({ item: 0 });

			const [post, put] = bed.emulator.uploads();
			expect(post).toMatchObject({ method: 'POST', path: '/v1/process/video', status: 201 });
			expect(post.bodySha256).toBe(sha256(PART1));
			expect(put).toMatchObject({
				method: 'PUT',
				path: `/v1/process/video/${submitted.json.conversationId}`,
				status: 201,
				bodyBytes: statSync(PART2).size,
			});
			expect(put.bodySha256).toBe(sha256(PART2));
			expect(put.headers['content-type']).toBe('video/mp4');
			expect(put.headers['content-length']).toBe(String(statSync(PART2).size));
			expect(put.headers.authorization).toBe('<redacted>');
			expect(put.query).toEqual({});
		});

		it('fetches the token once and reuses it for every item and the next run', async () => {
			const conversation = bed.emulator.createConversation('1111');
			const files = [{ path: PART1 }, { path: PART2 }, { path: PART1 }];
			const append = symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
			});

			await bed.run(loadNode(files), append);
			const second = await bed.run(loadNode(files), append);

			expect(nodeOutput(second, 'Append')).toHaveLength(3);
			expect(bed.emulator.tokenRequests()).toHaveLength(1);
			expect(bed.emulator.uploads().map((upload) => upload.status)).toEqual([
				201, 201, 201, 201, 201, 201,
			]);
			expect(bed.emulator.uploads().map((upload) => upload.bodySha256)).toEqual(
				[PART1, PART2, PART1, PART1, PART2, PART1].map(sha256),
			);
		});

		it('refreshes an expired token and sends the whole file again from a fresh stream', async () => {
			const conversation = bed.emulator.createConversation('2222');
			const append = symblNode('Append', bed.credential, {
				operation: 'append',
				conversationId: conversation.id,
			});
			await bed.run(loadNode([{ path: PART1 }]), append);
			bed.emulator.expireAllTokens();

			const run = await bed.run(loadNode([{ path: PART2 }]), append);

			expect(runError(run)).toBeUndefined();
			expect(bed.emulator.tokenRequests()).toHaveLength(2);
			const statuses = bed.emulator.uploads().map((upload) => upload.status);
			expect(statuses[0]).toBe(201);
			expect(statuses[1]).toBe(401);
			expect(statuses[statuses.length - 1]).toBe(201);
			const accepted = bed.emulator.uploads().filter((upload) => upload.status === 201);
			expect(accepted.map((upload) => upload.bodySha256)).toEqual([sha256(PART1), sha256(PART2)]);
			expect(nodeOutput(run, 'Append')[0].json.conversationId).toBe('2222');
		});
	},
);

describe('processing parameters', () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start();
	});
	afterEach(async () => await bed.stop());

	it('sends all 16 query parameters exactly as Symbl expects them', async () => {
		const conversation = bed.emulator.createConversation('3333');
		const append = symblNode('Append', bed.credential, {
			operation: 'append',
			conversationId: conversation.id,
			options: {
				name: 'Weekly sync',
				webhookUrl: 'https://n8n.example.com/webhook/symbl',
				customVocabulary: ['Platform', 'Discussion'],
				confidenceThreshold: 0.7,
				detectPhrases: true,
				entities: {
					entity: [
						{ customType: 'Product', text: 'n8n', value: 'N8N' },
						{ customType: 'Team', text: 'sales' },
					],
				},
				detectEntities: true,
				languageCode: 'en-GB',
				mode: 'phone',
				enableSeparateRecognitionPerChannel: true,
				channelMetadata: {
					channels: [
						{ channel: 1, speakerName: 'Ada', speakerEmail: 'ada@example.com' },
						{ channel: 2, speakerName: 'Grace', speakerEmail: 'grace@example.com' },
					],
				},
				trackers: { tracker: [{ name: 'Pricing', vocabulary: ['price', 'discount'] }] },
				enableAllTrackers: false,
				enableSummary: true,
				enableSpeakerDiarization: true,
				diarizationSpeakerCount: 3,
			},
		});

		const run = await bed.run(loadNode([{ path: PART1 }]), append);

		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.uploads()[0].query).toEqual({
			name: 'Weekly sync',
			// Append Video adds the conversation ID for the Symbl Trigger (on by default).
			webhookUrl: 'https://n8n.example.com/webhook/symbl?conversationId=3333',
			customVocabulary: '["Platform","Discussion"]',
			confidenceThreshold: '0.7',
			detectPhrases: 'true',
			entities:
				'[{"customType":"Product","text":"n8n","value":"N8N"},{"customType":"Team","text":"sales"}]',
			detectEntities: 'true',
			languageCode: 'en-GB',
			mode: 'phone',
			enableSeparateRecognitionPerChannel: 'true',
			channelMetadata:
				'[{"channel":1,"speaker":{"name":"Ada","email":"ada@example.com"}},{"channel":2,"speaker":{"name":"Grace","email":"grace@example.com"}}]',
			trackers: '[{"name":"Pricing","vocabulary":["price","discount"]}]',
			enableAllTrackers: 'false',
			enableSummary: 'true',
			enableSpeakerDiarization: 'true',
			diarizationSpeakerCount: '3',
		});
	});

	it('sends only what the user set, and dependent fields only with their switch', async () => {
		const submit = symblNode('Submit', bed.credential, {
			operation: 'submit',
			options: {
				languageCode: 'de-DE',
				customVocabulary: '={{ ["Anlage", "Vertrag"] }}',
				channelMetadata: { channels: [{ channel: 1, speakerName: 'Ada' }] },
				diarizationSpeakerCount: 4,
			},
		});
		await bed.run(loadNode([{ path: PART1 }]), submit);
		expect(bed.emulator.uploads()[0].query).toEqual({
			languageCode: 'de-DE',
			customVocabulary: '["Anlage","Vertrag"]',
		});
	});
});

describe('one item failing', () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start();
		bed.emulator.createConversation('5555');
	});
	afterEach(async () => await bed.stop());

	const threeItems = () =>
		loadNode([
			{ path: PART1, json: { conversationId: '5555' } },
			{ path: PART2, json: { conversationId: 'bad/id' } },
			{ path: PART2, json: { conversationId: '5555' } },
		]);
	const appendEach = (settings = {}) =>
		symblNode(
			'Append',
			bed.credential,
			{ operation: 'append', conversationId: '={{ $json.conversationId }}' },
			settings,
		);

	it('with Continue On Fail, becomes an error item in place and the others still run', async () => {
		const run = await bed.run(threeItems(), appendEach({ onError: 'continueRegularOutput' }));

		const items = nodeOutput(run, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ conversationId: '5555', jobId: expect.any(String) });
		expect(items[1].json.error).toMatch(/Item 1: "Conversation ID" contains characters/);
		expect(items[2].json).toMatchObject({ conversationId: '5555', jobId: expect.any(String) });
		expect(bed.emulator.uploads().map((upload) => upload.bodySha256)).toEqual([
			sha256(PART1),
			sha256(PART2),
		]);
	});

	it('without it, stops the run before the first upload, naming the item', async () => {
		const run = await bed.run(threeItems(), appendEach());
		expect(runError(run)?.message).toMatch(/Item 1: "Conversation ID"/);
		// Every item is checked before any is sent: no conversation got item 0 behind the user's back.
		expect(bed.emulator.uploads()).toHaveLength(0);
	});

	it("meets a trial account's concurrent-job limit: without retries, the third upload at once is a 429", async () => {
		await bed.stop();
		bed = await new TestBed({ concurrentJobLimit: TRIAL_JOB_LIMIT, jobStepMs: 1000 }).start();
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }, { path: PART1 }]),
			symblNode(
				'Submit',
				bed.credential,
				{ operation: 'submit', options: { maxAttempts: 1 } },
				{ onError: 'continueRegularOutput' },
			),
		);
		const items = nodeOutput(run, 'Submit');
		expect(items.map((item) => Object.keys(item.json))).toEqual([
			['conversationId', 'jobId'],
			['conversationId', 'jobId'],
			['error'],
		]);
		expect(items[2].json.error).toMatch(
			/^Symbl is busy with too many jobs for this account; wait and retry \(HTTP 429\): .*at most 2 concurrent jobs/,
		);
		expect(bed.emulator.uploads().map((upload) => upload.status)).toEqual([201, 201, 429]);
	});

	it('keeps Symbl errors per item: a 429 on one upload does not touch the others', async () => {
		bed.emulator.failNext({
			method: 'PUT',
			path: /^\/v1\/process\/video\//,
			status: 429,
			message: 'Too many concurrent jobs',
			times: 3,
		});
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }]),
			symblNode(
				'Append',
				bed.credential,
				{ operation: 'append', conversationId: '5555' },
				{ onError: 'continueRegularOutput' },
			),
		);
		const items = nodeOutput(run, 'Append');
		expect(items[0].json.error).toMatch(
			/too many jobs.*\(HTTP 429\): Too many concurrent jobs \(after 3 attempts\)/i,
		);
		expect(items[1].json).toMatchObject({ conversationId: '5555' });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Symbl API errors', () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start();
		bed.emulator.createConversation('6666');
	});
	afterEach(async () => await bed.stop());

	const appendTo = (conversationId: string) =>
		symblNode('Append', bed.credential, { operation: 'append', conversationId });

	it.each([
		[400, 'Invalid languageCode'],
		[401, 'Token not accepted'],
		[429, 'Too many concurrent jobs'],
		[500, 'Internal Server Error'],
	])(
		"HTTP %i becomes a NodeApiError with the status and Symbl's message",
		async (status, message) => {
			// Three times: 429 and 500 are tried again, up to Max Attempts (3 by default).
			bed.emulator.failNext({ path: /^\/v1\/process\/video\//, status, message, times: 3 });
			const run = await bed.run(loadNode([{ path: PART1 }]), appendTo('6666'));

			const error = runError(run) as unknown as {
				name: string;
				httpCode: string;
				message: string;
				description: string;
			};
			expect(error.name).toBe('NodeApiError');
			expect(error.httpCode).toBe(String(status));
			expect(error.message).toContain(`(HTTP ${status})`);
			expect(error.message).toContain(message);
			const text = serializeRun(run);
			for (const secret of bed.secrets()) expect(text).not.toContain(secret);
		},
	);

	it('an unknown conversation is a 404 that says so', async () => {
		const run = await bed.run(loadNode([{ path: PART1 }]), appendTo('999'));
		expect(runError(run)?.message).toBe(
			'Symbl could not find the conversation or job (HTTP 404): Conversation 999 not found',
		);
	});

	it('a wrong app secret fails clearly, without the secret, and sends no upload', async () => {
		bed.harness.credentials.save('cred-1', 'symblApi', {
			appId: bed.emulator.appId,
			appSecret: 'not-the-secret',
			baseUrl: bed.emulator.baseUrl,
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), appendTo('6666'));
		expect(runError(run)?.message).toMatch(/Symbl rejected the App ID or App Secret \(HTTP 401\)/);
		expect(serializeRun(run)).not.toContain('not-the-secret');
		expect(bed.emulator.uploads()).toHaveLength(0);
	});

	it('never puts the secret or the token in output items or errors', async () => {
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }]),
			symblNode(
				'Append',
				bed.credential,
				{ operation: 'append', conversationId: '={{ $itemIndex === 0 ? "6666" : "404" }}' },
				{ onError: 'continueRegularOutput' },
			),
		);
		expect(nodeOutput(run, 'Append')[1].json.error).toMatch(/HTTP 404/);
		const text = serializeRun(run);
		expect(bed.secrets().length).toBeGreaterThan(1);
		for (const secret of bed.secrets()) expect(text).not.toContain(secret);
	});
});
