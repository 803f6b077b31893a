/**
 * The emulator answers the Conversation operations' calls as the contract's CONVERSATION_CALLS,
 * CONVERSATION_PARAMETERS and RESULTS rows say: shapes, accepted and refused values, and what
 * each documented parameter changes in the answer.
 */
import { SymblEmulator } from '../../emulator';
import { CONVERSATION_CALLS, CONVERSATION_PARAMETERS } from '../../emulator/contract';
import { call, token, upload } from './http';

const emulators: SymblEmulator[] = [];
afterEach(async () => {
	await Promise.all(emulators.splice(0).map(async (emulator) => await emulator.stop()));
});

const callRow = (id: string) => CONVERSATION_CALLS.find((row) => row.id === id)!;

/** A conversation whose one recording has been processed (a summary asked for). */
async function processed(query: Record<string, string> = {}) {
	const emulator = new SymblEmulator({ jobStepMs: 5 });
	emulators.push(emulator);
	await emulator.start();
	const accessToken = await token(emulator);
	const { body } = await upload(emulator, accessToken, { enableSummary: 'true', ...query });
	const { conversationId } = body as { conversationId: string };
	const started = Date.now();
	while ([...emulator.jobs.values()].some((job) => job.status !== 'completed')) {
		if (Date.now() - started > 5000) throw new Error('job did not complete');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	const base = `/v1/conversations/${conversationId}`;
	return {
		emulator,
		conversationId,
		get: (path = '') => call(emulator, 'GET', `${base}${path}`, { token: accessToken }),
		send: (method: string, path = '', body?: unknown) =>
			call(emulator, method, `${base}${path}`, {
				token: accessToken,
				type: body === undefined ? undefined : 'application/json',
				body: body === undefined ? undefined : JSON.stringify(body),
			}),
	};
}

describe('getConversation: GET /v1/conversations/{conversationId}', () => {
	it('answers the metadata, 404 for an unknown conversation', async () => {
		const { conversationId, get, emulator } = await processed();
		expect(await get()).toEqual({
			status: callRow('getConversation').success,
			body: {
				id: conversationId,
				type: 'meeting',
				name: conversationId,
				startTime: expect.any(String),
				endTime: expect.any(String),
				members: [{ id: expect.any(String), name: 'Speaker 1', email: expect.any(String) }],
				metadata: {},
			},
		});
		const unknown = await call(emulator, 'GET', '/v1/conversations/1', {
			token: await token(emulator),
		});
		expect(unknown.status).toBe(404);
		expect(callRow('getConversation').errors).toContain(404);
	});
});

describe('analytics: GET …/analytics', () => {
	it('answers {metrics, members} with the documented members', async () => {
		const { get } = await processed();
		const answer = await get('/analytics');
		expect(answer).toEqual({
			status: 200,
			body: {
				metrics: expect.arrayContaining([
					{ type: 'total_talk_time', percent: expect.any(Number), seconds: expect.any(Number) },
				]),
				members: [
					expect.objectContaining({
						name: 'Speaker 1',
						pace: { wpm: expect.any(Number) },
						talkTime: { percentage: expect.any(Number), seconds: expect.any(Number) },
						listenTime: { percentage: expect.any(Number), seconds: expect.any(Number) },
					}),
				],
			},
		});
	});
});

describe('lists: what the query parameters change', () => {
	it('insights holds action items, questions and follow-ups, each with its type', async () => {
		const { get } = await processed();
		const { body } = await get('/insights');
		const types = (body as { insights: Array<{ type: string }> }).insights.map(({ type }) => type);
		expect(types.sort()).toEqual(['action_item', 'follow_up', 'question']);
	});

	it('entities: the custom entities of the upload found in the messages, with detectEntities only', async () => {
		const entities = JSON.stringify([
			{ customType: 'Project', text: 'Recording' },
			{ customType: 'Product', text: 'Nowhere said', value: 'n/a' },
		]);
		const found = await processed({ name: 'Weekly', entities, detectEntities: 'true' });
		const [message] = (
			(await found.get('/messages')).body as { messages: { id: string; text: string }[] }
		).messages;
		expect((await found.get('/entities')).body).toEqual({
			entities: [
				{
					type: 'custom',
					customType: 'Project',
					value: 'recording',
					text: 'Recording',
					messageRefs: [{ id: message.id, text: message.text, offset: 0 }],
				},
			],
		});
		const notAsked = await processed({ entities });
		expect((await notAsked.get('/entities')).body).toEqual({ entities: [] });
	});

	it('messages: verbose adds words, sentiment adds sentiment', async () => {
		const { get } = await processed();
		const plain = (await get('/messages')).body as { messages: object[] };
		expect(plain.messages[0]).not.toHaveProperty('words');
		expect(plain.messages[0]).not.toHaveProperty('sentiment');
		const rich = (await get('/messages?verbose=true&sentiment=true')).body as {
			messages: object[];
		};
		expect(rich.messages[0]).toEqual(
			expect.objectContaining({
				words: expect.arrayContaining([expect.objectContaining({ word: 'Recording' })]),
				sentiment: { polarity: { score: expect.any(Number) }, suggested: expect.any(String) },
			}),
		);
	});

	it('topics: parentRefs, sentiment and customTopicVocabulary', async () => {
		const { get } = await processed();
		const { body } = await get(
			'/topics?parentRefs=true&sentiment=true&customTopicVocabulary=pricing%2C%20renewal',
		);
		const topics = (body as { topics: Array<Record<string, unknown>> }).topics;
		expect(topics.map((topic) => topic.text)).toEqual(['project timeline', 'pricing', 'renewal']);
		expect(topics[1]).toEqual(
			expect.objectContaining({
				parentRefs: [{ type: 'topic', text: 'project timeline' }],
				sentiment: expect.any(Object),
			}),
		);
	});

	describe.each(
		CONVERSATION_PARAMETERS.filter((row) => row.in === 'query').map(
			(row) => [`${row.call} ${row.name}`, row] as const,
		),
	)('%s', (_label, row) => {
		it(`accepts ${JSON.stringify(row.valid)}`, async () => {
			const { get } = await processed();
			const answer = await get(`/${row.call}?${new URLSearchParams({ [row.name]: row.valid })}`);
			expect(answer.status).toBe(200);
		});

		if (row.refused.length === 0) return;
		it(`refuses ${row.refused.join(', ')} with 400`, async () => {
			const { get } = await processed();
			for (const value of row.refused) {
				const answer = await get(`/${row.call}?${new URLSearchParams({ [row.name]: value })}`);
				expect({ value, ...answer }).toEqual({
					value,
					status: 400,
					body: { statusCode: 400, message: expect.stringContaining(`"${row.name}"`) },
				});
			}
		});
	});
});

describe('transcript: POST …/transcript', () => {
	it('answers Markdown as text in payload, SRT as payload.content', async () => {
		const { send } = await processed();
		expect(await send('POST', '/transcript', { contentType: 'text/markdown' })).toEqual({
			status: callRow('transcript').success,
			body: {
				transcript: {
					payload: expect.stringMatching(/^Recording 1 .*<br\/><br\/>$/),
					contentType: 'text/markdown',
				},
			},
		});
		expect(
			await send('POST', '/transcript', { contentType: 'text/srt', showSpeakerSeparation: true }),
		).toEqual({
			status: 200,
			body: {
				transcript: {
					payload: {
						content: expect.stringMatching(
							/^1\n00:00:00,000 --> 00:00:10,000\nSpeaker 1: Recording 1 /,
						),
					},
					contentType: 'text/srt',
				},
			},
		});
	});

	it('answers 400 without a contentType', async () => {
		const { send } = await processed();
		const answer = await send('POST', '/transcript', { createParagraphs: true });
		expect(answer.status).toBe(400);
		expect(callRow('transcript').errors).toContain(400);
	});

	describe.each(
		CONVERSATION_PARAMETERS.filter((row) => row.in === 'body').map(
			(row) => [row.name, row] as const,
		),
	)('body member %s', (name, row) => {
		const body = (value: string) => ({
			contentType: 'text/markdown',
			[name]: JSON.parse(value) as unknown,
		});
		it(`accepts ${row.valid}`, async () => {
			const { send } = await processed();
			expect((await send('POST', '/transcript', body(row.valid))).status).toBe(200);
		});
		it(`refuses ${row.refused.join(', ')} with 400`, async () => {
			const { send } = await processed();
			for (const value of row.refused) {
				const answer = await send('POST', '/transcript', body(value));
				expect({ value, status: answer.status }).toEqual({ value, status: 400 });
			}
		});
	});
});

describe('deleteConversation: DELETE /v1/conversations/{conversationId}', () => {
	it('deletes the conversation and its results; an unknown one is 404', async () => {
		const { send, get } = await processed();
		expect(await send('DELETE')).toEqual({
			status: callRow('deleteConversation').success,
			body: { message: 'successfully deleted the conversation' },
		});
		expect((await get()).status).toBe(404);
		expect((await get('/messages')).status).toBe(404);
		expect(await send('DELETE')).toEqual({
			status: 404,
			body: {
				statusCode: 404,
				message: 'The conversationId is either invalid or does not exist.',
			},
		});
	});
});
