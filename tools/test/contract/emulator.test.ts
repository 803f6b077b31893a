/**
 * The emulator answers as each row of the contract table says (tools/emulator/contract.ts,
 * docs/symbl-contract.md), so it cannot drift from the documented contract silently.
 */
import type { EmulatorOptions } from '../../emulator';
import { PAID_JOB_LIMIT, SymblEmulator, TRIAL_JOB_LIMIT } from '../../emulator';
import type { ParameterContract } from '../../emulator/contract';
import { AUDIO_CONTENT_TYPES, CALLS, PARAMETERS, RESULTS } from '../../emulator/contract';
import { call, Receiver, sendJson, token, upload } from './http';

const emulators: SymblEmulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<SymblEmulator> {
	const emulator = new SymblEmulator({ jobStepMs: 10, ...options });
	emulators.push(emulator);
	await emulator.start();
	return emulator;
}
afterEach(async () => {
	await Promise.all(emulators.splice(0).map(async (emulator) => await emulator.stop()));
});

const callRow = (id: string) => CALLS.find((row) => row.id === id)!;
const until = async (condition: () => boolean, timeoutMs = 5000) => {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
};

describe('token: POST /oauth2/token:generate', () => {
	it('answers {accessToken, expiresIn}, and the same cached token until it nears expiry', async () => {
		const emulator = await start();
		const first = await call(emulator, 'POST', '/oauth2/token:generate', {
			type: 'application/json',
			body: JSON.stringify({
				type: 'application',
				appId: emulator.appId,
				appSecret: emulator.appSecret,
			}),
		});
		expect(first).toEqual({
			status: callRow('token').success,
			body: { accessToken: expect.any(String), expiresIn: 86400 },
		});
		const again = await token(emulator);
		expect(again).toBe((first.body as { accessToken: string }).accessToken);

		emulator.expireAllTokens();
		expect((await call(emulator, 'GET', '/v1/conversations', { token: again })).status).toBe(401);
		const renewed = await token(emulator);
		expect(renewed).not.toBe(again);
		expect((await call(emulator, 'GET', '/v1/conversations', { token: renewed })).status).toBe(200);
	});

	it('issues a new token when the cached one has less than a minute left', async () => {
		const emulator = await start({ tokenLifetimeSeconds: 30 });
		expect(await token(emulator)).not.toBe(await token(emulator));
	});

	it('answers 401 for a wrong app secret', async () => {
		const emulator = await start();
		const answer = await call(emulator, 'POST', '/oauth2/token:generate', {
			type: 'application/json',
			body: JSON.stringify({ type: 'application', appId: emulator.appId, appSecret: 'nope' }),
		});
		expect(callRow('token').errors).toContain(answer.status);
	});
});

describe('submitVideo and appendVideo', () => {
	it('answer 201 {conversationId, jobId}; append keeps the conversation', async () => {
		const emulator = await start();
		const accessToken = await token(emulator);
		const submitted = await upload(emulator, accessToken);
		expect(submitted).toEqual({
			status: callRow('submitVideo').success,
			body: { conversationId: expect.any(String), jobId: expect.any(String) },
		});
		const { conversationId } = submitted.body as { conversationId: string };
		const appended = await upload(emulator, accessToken, {}, conversationId);
		expect(appended).toEqual({
			status: callRow('appendVideo').success,
			body: { conversationId, jobId: expect.any(String) },
		});
	});

	it('answer 400 for a Content-Type other than video/mp4, 401 without a token, 404 for an unknown conversation', async () => {
		const emulator = await start();
		const accessToken = await token(emulator);
		const wrongType = await call(emulator, 'POST', '/v1/process/video', {
			token: accessToken,
			type: 'video/webm',
			body: 'x',
		});
		const noToken = await call(emulator, 'POST', '/v1/process/video', {
			type: 'video/mp4',
			body: 'x',
		});
		const unknown = await upload(emulator, accessToken, {}, '123');
		expect([wrongType.status, noToken.status, unknown.status]).toEqual([400, 401, 404]);
		for (const status of [400, 401]) expect(callRow('submitVideo').errors).toContain(status);
		expect(callRow('appendVideo').errors).toContain(404);
	});

	describe.each(PARAMETERS.map((parameter) => [parameter.name, parameter] as const))(
		'parameter %s',
		(name, parameter) => {
			it(`accepts ${JSON.stringify(parameter.valid)}`, async () => {
				const emulator = await start({ concurrentJobLimit: PAID_JOB_LIMIT });
				const answer = await upload(emulator, await token(emulator), { [name]: parameter.valid });
				expect(answer.status).toBe(201);
				expect(emulator.uploads()[0].query[name]).toBe(parameter.valid);
			});

			if (parameter.refused.length === 0) return;
			it(`refuses ${parameter.refused.map((value) => JSON.stringify(value)).join(', ')} with 400`, async () => {
				const emulator = await start({ concurrentJobLimit: PAID_JOB_LIMIT });
				const accessToken = await token(emulator);
				for (const value of parameter.refused) {
					const answer = await upload(emulator, accessToken, { [name]: value });
					expect({ value, ...answer }).toEqual({
						value,
						status: 400,
						body: { statusCode: 400, message: expect.stringContaining(`"${name}"`) },
					});
				}
				expect(emulator.jobs.size).toBe(0);
			});
		},
	);

	it(`answers 429 {statusCode, message} past ${TRIAL_JOB_LIMIT} unfinished jobs (trial account, the default)`, async () => {
		const emulator = await start({ jobStepMs: 200 });
		const accessToken = await token(emulator);
		const answers = [];
		for (let i = 0; i <= TRIAL_JOB_LIMIT; i++) answers.push(await upload(emulator, accessToken));
		expect(answers.map((answer) => answer.status)).toEqual([201, 201, 429]);
		expect(answers[2].body).toEqual({
			statusCode: 429,
			message: expect.stringContaining('2 concurrent jobs'),
		});
		expect(callRow('submitVideo').errors).toContain(429);

		await until(() => [...emulator.jobs.values()].every((job) => job.status === 'completed'));
		expect((await upload(emulator, accessToken)).status).toBe(201);
	});

	it('takes a settable limit: a paid account runs 50', async () => {
		const emulator = await start({ concurrentJobLimit: PAID_JOB_LIMIT, jobStepMs: 1000 });
		const accessToken = await token(emulator);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await upload(emulator, accessToken)).status);
		expect(statuses).toEqual([201, 201, 201]);
	});
});

describe('jobStatus and callback', () => {
	let receiver: Receiver;
	beforeEach(() => (receiver = new Receiver()));
	afterEach(async () => await receiver.stop());

	async function runOneJob(options: EmulatorOptions = {}) {
		const emulator = await start(options);
		const webhookUrl = await receiver.start();
		const accessToken = await token(emulator);
		const { body } = await upload(emulator, accessToken, { webhookUrl });
		const { jobId, conversationId } = body as { jobId: string; conversationId: string };
		await emulator.waitForCallback((callback) => callback.status === 'completed');
		return { emulator, accessToken, jobId, conversationId };
	}

	it('POSTs exactly {jobId, status} on each status change, nothing else', async () => {
		const { jobId } = await runOneJob();
		expect(receiver.bodies).toEqual([
			{ jobId, status: 'scheduled' },
			{ jobId, status: 'in_progress' },
			{ jobId, status: 'completed' },
		]);
	});

	it("sends the blog's {id, status} only with blogCallbackShape", async () => {
		const { jobId } = await runOneJob({ blogCallbackShape: true });
		expect(receiver.bodies.at(-1)).toEqual({ id: jobId, status: 'completed' });
	});

	it('adds conversationId only with callbackIncludesConversationId', async () => {
		const { jobId, conversationId } = await runOneJob({ callbackIncludesConversationId: true });
		expect(receiver.bodies.at(-1)).toEqual({ jobId, status: 'completed', conversationId });
	});

	it('sends each callback once: a failed delivery is recorded, not retried', async () => {
		const emulator = await start({ jobStepMs: 100 });
		const webhookUrl = await receiver.start();
		await receiver.stop(); // nobody listens: every delivery fails
		const { body } = await upload(emulator, await token(emulator), { webhookUrl });
		const { jobId } = body as { jobId: string };
		await emulator.waitForCallback((callback) => callback.status === 'completed');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(emulator.callbacks.map(({ jobId: id, status }) => ({ id, status }))).toEqual(
			['scheduled', 'in_progress', 'completed'].map((status) => ({ id: jobId, status })),
		);
		expect(
			emulator.callbacks.every((callback) => callback.error && !callback.deliveredStatus),
		).toBe(true);
	});

	it('records callbacks without sending them with callbacksNotDelivered', async () => {
		const seen: string[] = [];
		const emulator = await start({ jobStepMs: 100, callbacksNotDelivered: true });
		emulator.onCallback((callback) => seen.push(callback.status));
		const webhookUrl = await receiver.start();
		await upload(emulator, await token(emulator), { webhookUrl });
		await emulator.waitForCallback((callback) => callback.status === 'completed');
		expect(receiver.bodies).toEqual([]);
		expect(seen).toEqual(['scheduled', 'in_progress', 'completed']);
		expect(emulator.callbacks.every((callback) => callback.held && !callback.error)).toBe(true);
	});

	it('GET /v1/job/{jobId} answers {id, status}, 404 for an unknown job', async () => {
		const { emulator, accessToken, jobId } = await runOneJob();
		expect(await call(emulator, 'GET', `/v1/job/${jobId}`, { token: accessToken })).toEqual({
			status: callRow('jobStatus').success,
			body: { id: jobId, status: 'completed' },
		});
		expect((await call(emulator, 'GET', '/v1/job/nope', { token: accessToken })).status).toBe(404);
	});
});

describe('listConversations and conversationResult', () => {
	async function completedConversation(
		options: EmulatorOptions = {},
		query: Record<string, string> = {},
	) {
		const emulator = await start(options);
		const accessToken = await token(emulator);
		const { body } = await upload(emulator, accessToken, query);
		const { conversationId } = body as { conversationId: string };
		await until(() => [...emulator.jobs.values()].every((job) => job.status === 'completed'));
		const get = (path: string) =>
			call(emulator, 'GET', `/v1/conversations/${conversationId}/${path}`, { token: accessToken });
		return { emulator, accessToken, conversationId, get };
	}
	const everything = {
		enableSummary: 'true',
		trackers: JSON.stringify([{ name: 'Pricing', vocabulary: ['price', 'discount'] }]),
	};

	it('lists conversations as {conversations: […]}', async () => {
		const { emulator, accessToken, conversationId } = await completedConversation();
		expect(
			await call(emulator, 'GET', '/v1/conversations?limit=1', { token: accessToken }),
		).toEqual({
			status: 200,
			body: { conversations: [expect.objectContaining({ id: conversationId })] },
		});
	});

	it.each(RESULTS.map((result) => [result.path, result] as const))(
		'%s answers in the shape the table gives',
		async (path, result) => {
			const { get } = await completedConversation({}, everything);
			const answer = await get(path);
			expect(answer.status).toBe(200);
			const list =
				result.key === null ? answer.body : (answer.body as Record<string, unknown>)[result.key];
			expect(Array.isArray(list)).toBe(true);
			if (result.key !== null) expect(Object.keys(answer.body as object)).toEqual([result.key]);
		},
	);

	it('trackers-detected is a bare array of the trackers found, with their matches', async () => {
		const { get } = await completedConversation({}, everything);
		expect((await get('trackers-detected')).body).toEqual([
			{
				id: expect.any(String),
				name: 'Pricing',
				matches: [
					expect.objectContaining({
						type: 'vocabulary',
						value: 'price',
						messageRefs: [expect.any(Object)],
					}),
					expect.objectContaining({ type: 'vocabulary', value: 'discount' }),
				],
			},
		]);
	});

	it('trackers-detected is {trackers: […]} only with trackersDetectedAsObject', async () => {
		const { get } = await completedConversation({ trackersDetectedAsObject: true }, everything);
		expect((await get('trackers-detected')).body).toEqual({
			trackers: [expect.objectContaining({ name: 'Pricing' })],
		});
	});

	it('summary is 404 while the job runs, then 200 when enableSummary=true was sent', async () => {
		const emulator = await start({ jobStepMs: 100 });
		const accessToken = await token(emulator);
		const { body } = await upload(emulator, accessToken, { enableSummary: 'true' });
		const { conversationId } = body as { conversationId: string };
		const summary = () =>
			call(emulator, 'GET', `/v1/conversations/${conversationId}/summary`, { token: accessToken });

		expect(await summary()).toEqual({
			status: 404,
			body: { statusCode: 404, message: expect.stringContaining('not ready') },
		});
		await until(() => [...emulator.jobs.values()].every((job) => job.status === 'completed'));
		expect(await summary()).toEqual({ status: 200, body: { summary: [expect.any(Object)] } });
	});

	it('summary is 404 without enableSummary=true, unless refresh=true asks for one', async () => {
		const { get } = await completedConversation();
		expect((await get('summary')).status).toBe(404);
		expect((await get('summary?refresh=true')).status).toBe(200);
	});

	it('answers 404 for an unknown conversation or result', async () => {
		const { get, emulator, accessToken } = await completedConversation();
		expect((await get('not-a-result')).status).toBe(404);
		const unknown = await call(emulator, 'GET', '/v1/conversations/1/messages', {
			token: accessToken,
		});
		expect(unknown.status).toBe(404);
		expect(callRow('conversationResult').errors).toContain(404);
	});
});

describe('uploads from a URL, audio files and text', () => {
	const message = { payload: { content: 'Hello there.' } };
	/** A JSON body value for a parameter, from the query text the table gives. */
	const typed = (rule: ParameterContract['rule'], text: string): unknown => {
		if (rule.kind === 'json') {
			try {
				return JSON.parse(text);
			} catch {
				return text;
			}
		}
		if (rule.kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
		if (rule.kind === 'number' || rule.kind === 'integer') {
			return Number.isNaN(Number(text)) ? text : Number(text);
		}
		return text;
	};

	describe.each([
		['submitVideoUrl', 'appendVideoUrl', '/v1/process/video/url'],
		['submitAudioUrl', 'appendAudioUrl', '/v1/process/audio/url'],
	])('%s and %s', (submitId, appendId, base) => {
		it('answer 201 {conversationId, jobId} for {url}; append keeps the conversation', async () => {
			const emulator = await start({ concurrentJobLimit: PAID_JOB_LIMIT });
			const accessToken = await token(emulator);
			const submitted = await sendJson(emulator, accessToken, base, { url: 'https://a.example/r' });
			expect(submitted).toEqual({
				status: callRow(submitId).success,
				body: { conversationId: expect.any(String), jobId: expect.any(String) },
			});
			const { conversationId } = submitted.body as { conversationId: string };
			const appended = await sendJson(
				emulator,
				accessToken,
				base,
				{ url: 'https://a.example/r2', webhookUrl: '' },
				conversationId,
			);
			expect(appended).toEqual({
				status: callRow(appendId).success,
				body: { conversationId, jobId: expect.any(String) },
			});
			// An empty webhookUrl, as the docs' example bodies send it, is no webhook.
			expect([...emulator.jobs.values()].map((job) => job.webhookUrl)).toEqual([
				undefined,
				undefined,
			]);
		});

		it('answer 400 without a usable url or with another Content-Type, 404 for an unknown conversation', async () => {
			const emulator = await start();
			const accessToken = await token(emulator);
			const statuses = [
				(await sendJson(emulator, accessToken, base, {})).status,
				(await sendJson(emulator, accessToken, base, { url: 'file:///etc/passwd' })).status,
				(await sendJson(emulator, accessToken, base, { url: 42 })).status,
				(
					await call(emulator, 'POST', base, {
						token: accessToken,
						type: 'text/plain',
						body: JSON.stringify({ url: 'https://a.example/r' }),
					})
				).status,
				(await sendJson(emulator, accessToken, base, { url: 'https://a.example/r' }, '123')).status,
			];
			expect(statuses).toEqual([400, 400, 400, 400, 404]);
			expect(callRow(appendId).errors).toEqual(expect.arrayContaining([400, 404]));
			expect(emulator.jobs.size).toBe(0);
		});

		it.each(PARAMETERS.map((parameter) => [parameter.name, parameter] as const))(
			'takes %s in the JSON body, typed, and refuses what the query refuses',
			async (name, parameter) => {
				const emulator = await start({ concurrentJobLimit: PAID_JOB_LIMIT });
				const accessToken = await token(emulator);
				const url = 'https://a.example/r';
				const valid = typed(parameter.rule, parameter.valid);
				expect((await sendJson(emulator, accessToken, base, { url, [name]: valid })).status).toBe(
					201,
				);
				expect([...emulator.jobs.values()][0].query[name]).toBe(parameter.valid);
				for (const value of parameter.refused.map((text) => typed(parameter.rule, text))) {
					const answer = await sendJson(emulator, accessToken, base, { url, [name]: value });
					expect({ value, ...answer }).toEqual({
						value,
						status: 400,
						body: { statusCode: 400, message: expect.stringContaining(`"${name}"`) },
					});
				}
				// The query's text form of a list is not a list in a JSON body.
				if (parameter.rule.kind === 'json') {
					const answer = await sendJson(emulator, accessToken, base, {
						url,
						[name]: parameter.valid,
					});
					expect(answer.status).toBe(400);
				}
				expect(emulator.jobs.size).toBe(1);
			},
		);
	});

	describe('submitAudio and appendAudio', () => {
		const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00', 'latin1');
		const audio = (emulator: SymblEmulator, accessToken: string, type?: string, id?: string) =>
			call(emulator, id ? 'PUT' : 'POST', id ? `/v1/process/audio/${id}` : '/v1/process/audio', {
				token: accessToken,
				type,
				body: WAV,
			});

		it.each([...AUDIO_CONTENT_TYPES, undefined])(
			'answer 201 with Content-Type %s',
			async (type) => {
				const emulator = await start();
				const accessToken = await token(emulator);
				const submitted = await audio(emulator, accessToken, type);
				expect(submitted).toEqual({
					status: callRow('submitAudio').success,
					body: { conversationId: expect.any(String), jobId: expect.any(String) },
				});
				const { conversationId } = submitted.body as { conversationId: string };
				const appended = await audio(emulator, accessToken, type, conversationId);
				expect(appended.status).toBe(callRow('appendAudio').success);
			},
		);

		it('answer 400 for a Content-Type Symbl does not list, 404 for an unknown conversation', async () => {
			const emulator = await start();
			const accessToken = await token(emulator);
			const statuses = [
				(await audio(emulator, accessToken, 'audio/flac')).status,
				(await audio(emulator, accessToken, 'application/octet-stream')).status,
				(await audio(emulator, accessToken, 'video/mp4')).status,
				(await audio(emulator, accessToken, 'audio/wav', '123')).status,
			];
			expect(statuses).toEqual([400, 400, 400, 404]);
			expect(emulator.jobs.size).toBe(0);
		});

		it('take the processing parameters in the query, as video does', async () => {
			const emulator = await start();
			const accessToken = await token(emulator);
			const answer = await call(emulator, 'POST', '/v1/process/audio?mode=video', {
				token: accessToken,
				type: 'audio/wav',
				body: WAV,
			});
			expect(answer.status).toBe(400);
			const accepted = await call(emulator, 'POST', '/v1/process/audio?mode=phone', {
				token: accessToken,
				type: 'audio/wav',
				body: WAV,
			});
			expect(accepted.status).toBe(201);
		});
	});

	describe('submitText and appendText', () => {
		it('answer 201 for documented messages; append keeps the conversation', async () => {
			const emulator = await start();
			const accessToken = await token(emulator);
			const messages = [
				{
					payload: { content: 'Hi Mike, Natalia here.' },
					from: { userId: 'natalia@example.com', name: 'Natalia' },
					duration: { startTime: '2020-07-21T16:02:19.01Z', endTime: '2020-07-21T16:04:19.99Z' },
				},
				message,
			];
			const submitted = await sendJson(emulator, accessToken, '/v1/process/text', {
				name: 'Business Meeting',
				detectPhrases: 'true',
				confidenceThreshold: 0.6,
				messages,
			});
			expect(submitted).toEqual({
				status: callRow('submitText').success,
				body: { conversationId: expect.any(String), jobId: expect.any(String) },
			});
			const { conversationId } = submitted.body as { conversationId: string };
			const appended = await sendJson(
				emulator,
				accessToken,
				'/v1/process/text',
				{ messages: [message] },
				conversationId,
			);
			expect(appended).toEqual({
				status: callRow('appendText').success,
				body: { conversationId, jobId: expect.any(String) },
			});
		});

		it.each([
			['no messages', {}],
			['an empty list', { messages: [] }],
			['a message without payload', { messages: [{ from: { name: 'Ann' } }] }],
			['an empty content', { messages: [{ payload: { content: '  ' } }] }],
			['a content that is not text', { messages: [{ payload: { content: 7 } }] }],
			['a from that is not an object', { messages: [{ ...message, from: 'Ann' }] }],
			[
				'a start time that is not ISO 8601',
				{ messages: [{ ...message, duration: { startTime: 'yesterday' } }] },
			],
			['a refused parameter value', { messages: [message], confidenceThreshold: 0.3 }],
		])('answer 400 for %s', async (_name, body) => {
			const emulator = await start();
			const answer = await sendJson(emulator, await token(emulator), '/v1/process/text', body);
			expect(answer.status).toBe(400);
			expect(emulator.jobs.size).toBe(0);
		});

		it('ignore the parameters the text calls do not list', async () => {
			const emulator = await start();
			const answer = await sendJson(emulator, await token(emulator), '/v1/process/text', {
				messages: [message],
				languageCode: 'xx-XX',
				mode: 'video',
			});
			expect(answer.status).toBe(201);
			expect([...emulator.jobs.values()][0].query).toEqual({});
		});

		it('answer 404 for an unknown conversation', async () => {
			const emulator = await start();
			const answer = await sendJson(
				emulator,
				await token(emulator),
				'/v1/process/text',
				{ messages: [message] },
				'123',
			);
			expect(answer.status).toBe(404);
			expect(callRow('appendText').errors).toContain(404);
		});
	});

	it(`answer 429 past ${TRIAL_JOB_LIMIT} unfinished jobs, whatever the upload`, async () => {
		const emulator = await start({ jobStepMs: 500 });
		const accessToken = await token(emulator);
		const statuses = [
			(await sendJson(emulator, accessToken, '/v1/process/text', { messages: [message] })).status,
			(
				await sendJson(emulator, accessToken, '/v1/process/video/url', {
					url: 'https://a.example/v',
				})
			).status,
			(
				await sendJson(emulator, accessToken, '/v1/process/audio/url', {
					url: 'https://a.example/a',
				})
			).status,
		];
		expect(statuses).toEqual([201, 201, 429]);
		for (const id of ['submitText', 'submitVideoUrl', 'submitAudioUrl', 'submitAudio']) {
			expect(callRow(id).errors).toContain(429);
		}
	});
});
