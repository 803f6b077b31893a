/**
 * The Conversation operations, one per result, inside n8n's engine against the emulator in its
 * documented mode: what each outputs, how lists become items (Split Into Items) paired to their
 * input items, what each option sends, and what is checked before anything is sent.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { EmulatorOptions } from '../../emulator';
import { nodeOutput, runError } from '../../harness';
import { loadNode, PART1, PART2, symblNode, TestBed } from '../support';

let bed: TestBed;

/** Uploads one conversation per entry (its recordings, in order) and waits for Symbl to finish. */
async function conversations(
	recordings: string[][],
	options: IDataObject = {},
	emulatorOptions: EmulatorOptions = {},
): Promise<string[]> {
	bed = await new TestBed(emulatorOptions).start();
	const ids: string[] = [];
	for (const [first, ...more] of recordings) {
		const submitted = await bed.run(
			loadNode([{ path: first }]),
			symblNode('Submit', bed.credential, { operation: 'submit', options }),
		);
		const conversationId = nodeOutput(submitted, 'Submit')[0].json.conversationId as string;
		if (more.length > 0) {
			await bed.run(
				loadNode(more.map((path) => ({ path }))),
				symblNode('Append', bed.credential, { operation: 'append', conversationId }),
			);
		}
		ids.push(conversationId);
	}
	await bed.jobsDone();
	return ids;
}

/** Runs one Conversation operation with one input item per conversation ID. */
function conversationStep(
	conversationIds: string[],
	parameters: IDataObject,
	settings: Partial<INode> = {},
) {
	return bed.run(
		loadNode(conversationIds.map((conversationId) => ({ path: PART1, json: { conversationId } }))),
		symblNode(
			'Conversation',
			bed.credential,
			{ resource: 'conversation', conversationId: '={{ $json.conversationId }}', ...parameters },
			settings,
		),
	);
}

const output = (run: Awaited<ReturnType<typeof conversationStep>>) => {
	expect(runError(run)).toBeUndefined();
	return nodeOutput(run, 'Conversation');
};

/** The requests the emulator received for one conversation path (after the uploads). */
const requestsTo = (suffix: RegExp) =>
	bed.emulator.requests.filter((request) => suffix.test(request.path));

afterEach(async () => await bed?.stop());

describe('lists: one item per entry, paired to its input item', () => {
	it.each([
		['getActionItems', { text: 'Send the summary to the team.', type: 'action_item' }],
		['getFollowUps', { text: 'Check in next week.' }],
		['getQuestions', { text: 'Who owns the launch?' }],
		['getTopics', { text: 'project timeline' }],
		['getMembers', { name: 'Speaker 1' }],
		['getMessages', { text: expect.stringContaining('Recording 1') }],
	])('%s', async (operation, first) => {
		const [id] = await conversations([[PART1]]);
		const items = output(await conversationStep([id], { operation }));
		expect(items).toEqual([{ json: expect.objectContaining(first), pairedItem: { item: 0 } }]);
	});

	it('Get Insights gives action items, questions and follow-ups, each with its type', async () => {
		const [id] = await conversations([[PART1]]);
		const items = output(await conversationStep([id], { operation: 'getInsights' }));
		expect(items.map((item) => item.json.type).sort()).toEqual([
			'action_item',
			'follow_up',
			'question',
		]);
	});

	it('pairs every entry with the input item it came from, in item order', async () => {
		const [twoParts, onePart] = await conversations([[PART1, PART2], [PART1]]);
		const items = output(await conversationStep([twoParts, onePart], { operation: 'getMessages' }));
		expect(items.map((item) => [item.json.conversationId, item.pairedItem])).toEqual([
			[twoParts, { item: 0 }],
			[twoParts, { item: 0 }],
			[onePart, { item: 1 }],
		]);
		expect(items.map((item) => item.json.id)).toEqual(['msg-1', 'msg-2', 'msg-1']);
	});

	it('with Split Into Items off, gives one item {conversationId, <list>} per input item', async () => {
		const [twoParts, onePart] = await conversations([[PART1, PART2], [PART1]]);
		const items = output(
			await conversationStep([twoParts, onePart], {
				operation: 'getMembers',
				splitIntoItems: false,
			}),
		);
		expect(items).toEqual([
			{
				json: { conversationId: twoParts, members: [expect.any(Object), expect.any(Object)] },
				pairedItem: { item: 0 },
			},
			{ json: { conversationId: onePart, members: [expect.any(Object)] }, pairedItem: { item: 1 } },
		]);
	});

	it('an empty list gives one item {conversationId, entities: []}, split or not: no input item is lost', async () => {
		const [id] = await conversations([[PART1]]);
		for (const splitIntoItems of [true, false]) {
			expect(
				output(await conversationStep([id], { operation: 'getEntities', splitIntoItems })),
			).toEqual([{ json: { conversationId: id, entities: [] }, pairedItem: { item: 0 } }]);
		}
	});
});

describe('Get Messages', () => {
	it('sends Verbose and Sentiment only when added, and outputs what they add', async () => {
		const [id] = await conversations([[PART1]]);
		await conversationStep([id], { operation: 'getMessages' });
		const [plain] = requestsTo(/\/messages$/);
		expect(plain.query).toEqual({});

		const items = output(
			await conversationStep([id], {
				operation: 'getMessages',
				options: { verbose: true, sentiment: true },
			}),
		);
		expect(requestsTo(/\/messages$/)[1].query).toEqual({ verbose: 'true', sentiment: 'true' });
		expect(items[0].json).toEqual(
			expect.objectContaining({
				words: expect.arrayContaining([expect.objectContaining({ word: 'Recording' })]),
				sentiment: expect.objectContaining({ suggested: 'positive' }),
			}),
		);
	});

	it('refuses an option that is not true or false before anything is sent', async () => {
		const [id] = await conversations([[PART1]]);
		const run = await conversationStep([id], {
			operation: 'getMessages',
			options: { verbose: '={{ "yes" }}' },
		});
		expect(runError(run)?.message).toMatch(/Verbose/);
		expect(requestsTo(/\/messages$/)).toEqual([]);
	});
});

describe('Get Topics', () => {
	it('sends Sentiment, Topic Hierarchy, Custom Topic Vocabulary and Refresh as Symbl names them', async () => {
		const [id] = await conversations([[PART1]]);
		const items = output(
			await conversationStep([id], {
				operation: 'getTopics',
				options: {
					sentiment: true,
					parentRefs: true,
					customTopicVocabulary: 'pricing, renewal',
					refresh: true,
				},
			}),
		);
		expect(requestsTo(/\/topics$/)[0].query).toEqual({
			sentiment: 'true',
			parentRefs: 'true',
			customTopicVocabulary: 'pricing, renewal',
			refresh: 'true',
		});
		expect(items.map((item) => item.json.text)).toEqual(['project timeline', 'pricing', 'renewal']);
		expect(items[1].json.parentRefs).toEqual([{ type: 'topic', text: 'project timeline' }]);
	});
});

describe('Get Summary', () => {
	it("fails with Symbl's 404 without Enable Summary, and reads it with Refresh", async () => {
		const [id] = await conversations([[PART1]]);
		const refused = await conversationStep([id], { operation: 'getSummary' });
		expect(runError(refused)?.message).toMatch(/HTTP 404.*refresh=true/);

		const items = output(
			await conversationStep([id], { operation: 'getSummary', options: { refresh: true } }),
		);
		expect(items).toEqual([
			{
				json: expect.objectContaining({ text: 'A meeting in 1 part(s).' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reads the summary of a conversation uploaded with Enable Summary', async () => {
		const [id] = await conversations([[PART1]], { enableSummary: true });
		expect(output(await conversationStep([id], { operation: 'getSummary' }))).toHaveLength(1);
		expect(requestsTo(/\/summary$/)[0].query).toEqual({});
	});
});

describe('Get Trackers', () => {
	const pricing = { tracker: [{ name: 'Pricing', vocabulary: ['price', 'discount'] }] };

	it('reads the bare array Symbl returns: one item per tracker', async () => {
		const [id] = await conversations([[PART1]], { trackers: pricing });
		const items = output(await conversationStep([id], { operation: 'getTrackers' }));
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					name: 'Pricing',
					matches: [
						expect.objectContaining({ value: 'price' }),
						expect.objectContaining({ value: 'discount' }),
					],
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('also reads {trackers: […]}', async () => {
		const [id] = await conversations(
			[[PART1]],
			{ trackers: pricing },
			{ trackersDetectedAsObject: true },
		);
		const items = output(
			await conversationStep([id], { operation: 'getTrackers', splitIntoItems: false }),
		);
		expect(items[0].json).toEqual({
			conversationId: id,
			trackers: [expect.objectContaining({ name: 'Pricing' })],
		});
	});
});

describe('Get and Get Analytics: one item per input item', () => {
	it('Get gives the metadata, with conversationId', async () => {
		const [id] = await conversations([[PART1, PART2]]);
		const items = output(await conversationStep([id], { operation: 'get' }));
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					conversationId: id,
					id,
					type: 'meeting',
					startTime: expect.any(String),
					endTime: expect.any(String),
					members: [expect.any(Object), expect.any(Object)],
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Get Analytics gives {conversationId, metrics, members}', async () => {
		const [id] = await conversations([[PART1]]);
		const items = output(await conversationStep([id], { operation: 'getAnalytics' }));
		expect(items).toEqual([
			{
				json: {
					conversationId: id,
					metrics: expect.arrayContaining([expect.objectContaining({ type: 'total_talk_time' })]),
					members: [expect.objectContaining({ name: 'Speaker 1', pace: { wpm: 120 } })],
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Get Transcript', () => {
	it('Markdown: sends the options as Symbl documents them, outputs the text', async () => {
		const [id] = await conversations([[PART1]]);
		const items = output(
			await conversationStep([id], {
				operation: 'getTranscript',
				options: {
					createParagraphs: true,
					highlightAllKeyPhrases: true,
					highlightOnlyInsightKeyPhrases: false,
					showSpeakerSeparation: true,
				},
			}),
		);
		expect(requestsTo(/\/transcript$/)[0]).toEqual(
			expect.objectContaining({
				method: 'POST',
				json: {
					contentType: 'text/markdown',
					createParagraphs: true,
					phrases: { highlightAllKeyPhrases: true, highlightOnlyInsightKeyPhrases: false },
					showSpeakerSeparation: true,
				},
			}),
		);
		expect(items).toEqual([
			{
				json: {
					conversationId: id,
					contentType: 'text/markdown',
					transcript: expect.stringMatching(/^Speaker 1: Recording 1 .*<br\/><br\/>$/),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('SRT: sends only what SRT takes (options left from Markdown are dropped), outputs the subtitles', async () => {
		const [id] = await conversations([[PART1, PART2]]);
		const items = output(
			await conversationStep([id], {
				operation: 'getTranscript',
				contentType: 'text/srt',
				options: { createParagraphs: true, highlightAllKeyPhrases: true },
			}),
		);
		expect(requestsTo(/\/transcript$/)[0].json).toEqual({ contentType: 'text/srt' });
		expect(items[0].json).toEqual({
			conversationId: id,
			contentType: 'text/srt',
			transcript: expect.stringMatching(
				/^1\n00:00:00,000 --> 00:00:10,000\nRecording 1 .*\n\n2\n00:30:00,000 --> 00:30:10,000\nRecording 2 /s,
			),
		});
	});

	it('refuses a Format other than Markdown or SRT before anything is sent', async () => {
		const [id] = await conversations([[PART1]]);
		const run = await conversationStep([id], {
			operation: 'getTranscript',
			contentType: '={{ "text/html" }}',
		});
		expect(runError(run)?.message).toMatch(/"Format" must be text\/markdown or text\/srt/);
		expect(requestsTo(/\/transcript$/)).toEqual([]);
	});
});

describe('Delete', () => {
	it('deletes each conversation, then Symbl knows it no more', async () => {
		const [first, second] = await conversations([[PART1], [PART1]]);
		const items = output(await conversationStep([first, second], { operation: 'delete' }));
		expect(items).toEqual([
			{
				json: {
					conversationId: first,
					deleted: true,
					message: 'successfully deleted the conversation',
				},
				pairedItem: { item: 0 },
			},
			{ json: expect.objectContaining({ conversationId: second }), pairedItem: { item: 1 } },
		]);
		expect(bed.emulator.conversations.size).toBe(0);

		const again = await conversationStep([first], { operation: 'get' });
		expect(runError(again)?.message).toMatch(/\(HTTP 404\)/);
	});

	it('deletes nothing when any item has a bad Conversation ID', async () => {
		const [first] = await conversations([[PART1]]);
		const run = await conversationStep([first, '../job/1'], { operation: 'delete' });
		expect(runError(run)?.message).toMatch(/Item 1: "Conversation ID" contains characters/);
		expect(requestsTo(/^\/v1\/conversations\//).filter((r) => r.method === 'DELETE')).toEqual([]);
		expect(bed.emulator.conversations.has(first)).toBe(true);
	});

	it("with Continue On Fail, an unknown conversation becomes an error item with Symbl's message", async () => {
		const [first] = await conversations([[PART1]]);
		const items = output(
			await conversationStep(
				['4000000000000001', first],
				{ operation: 'delete' },
				{
					onError: 'continueRegularOutput',
				},
			),
		);
		expect(items).toEqual([
			{
				json: {
					error: expect.stringMatching(
						/HTTP 404.*The conversationId is either invalid or does not exist/,
					),
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({ conversationId: first, deleted: true }),
				pairedItem: { item: 1 },
			},
		]);
	});
});

describe('every Conversation operation', () => {
	it.each(['get', 'getActionItems', 'getAnalytics', 'getMessages', 'getTranscript', 'delete'])(
		'%s tries again on a 5xx, up to Max Attempts',
		async (operation) => {
			const [id] = await conversations([[PART1]]);
			bed.emulator.failNext({ path: /^\/v1\/conversations\/\d+/, status: 503, times: 1 });
			const items = output(
				await conversationStep([id], { operation, options: { maxAttempts: 2 } }),
			);
			expect(items.length).toBeGreaterThan(0);

			bed.emulator.failNext({ path: /^\/v1\/conversations\/\d+/, status: 503, times: 1 });
			const once = await conversationStep([id], {
				operation: operation === 'delete' ? 'get' : operation,
				options: { maxAttempts: 1 },
			});
			expect(runError(once)?.message).toMatch(/\(HTTP 503\)/);
		},
	);
});
