/**
 * Submit Text and Append Text run inside n8n-core's WorkflowExecute against the emulator over real
 * HTTP: input items become Symbl's `messages` (all items as one upload, or one upload per item), and
 * what the workflow gets back.
 */
import type { IDataObject } from 'n8n-workflow';

import { nodeOutput, runError } from '../../harness';
import { itemsNode, symblNode, TestBed } from '../support';

let bed: TestBed;
beforeEach(async () => {
	bed = await new TestBed().start();
});
afterEach(async () => await bed.stop());

const textNode = (name: string, parameters: IDataObject, settings = {}) =>
	symblNode(name, bed.credential, { resource: 'text', ...parameters }, settings);

const mapped = {
	speakerName: '={{ $json.who }}',
	speakerEmail: '={{ $json.email }}',
	startTime: '={{ $json.from }}',
	endTime: '={{ $json.to }}',
};

const transcript = [
	{
		text: 'Hi Mike, Natalia here.',
		who: 'Natalia',
		email: 'natalia@example.com',
		from: '2020-07-21T16:02:19.01Z',
		to: '2020-07-21T16:04:19.99Z',
	},
	{
		text: ' Hey Natalia, I am connecting you with Steve.\n',
		who: 'Mike',
		email: 'mike@abccorp.com',
		// Another zone, normalised to UTC.
		from: '2020-07-21T18:04:19.99+02:00',
		to: '2020-07-21T16:04:20.99Z',
	},
	{ text: 'Thanks!' },
];

describe('all input items as one upload (the default)', () => {
	it('sends one message per item, in item order, and outputs one item', async () => {
		const run = await bed.run(
			itemsNode(transcript),
			textNode('Submit', {
				operation: 'submit',
				...mapped,
				options: { name: 'Recruiting', detectPhrases: true },
			}),
		);

		expect(runError(run)).toBeUndefined();
		const output = nodeOutput(run, 'Submit');
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			conversationId: expect.any(String),
			jobId: expect.any(String),
			messageCount: 3,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });

		const [upload] = bed.emulator.uploads();
		expect(upload).toMatchObject({ method: 'POST', path: '/v1/process/text', status: 201 });
		expect(upload.headers['content-type']).toBe('application/json');
		expect(upload.query).toEqual({});
		expect(upload.json).toEqual({
			name: 'Recruiting',
			detectPhrases: true,
			messages: [
				{
					payload: { content: 'Hi Mike, Natalia here.' },
					from: { name: 'Natalia', userId: 'natalia@example.com' },
					duration: { startTime: '2020-07-21T16:02:19.010Z', endTime: '2020-07-21T16:04:19.990Z' },
				},
				{
					payload: { content: 'Hey Natalia, I am connecting you with Steve.' },
					from: { name: 'Mike', userId: 'mike@abccorp.com' },
					duration: { startTime: '2020-07-21T16:04:19.990Z', endTime: '2020-07-21T16:04:20.990Z' },
				},
				// Only what the item has: no speaker, no times.
				{ payload: { content: 'Thanks!' } },
			],
		});
	});

	it('appends to a conversation, with the webhook naming it, and the text parameters only', async () => {
		bed.emulator.createConversation('6060');
		const run = await bed.run(
			itemsNode(transcript.map((line) => ({ ...line, conversationId: '6060' }))),
			textNode('Append', {
				operation: 'append',
				conversationId: '={{ $json.conversationId }}',
				options: {
					webhookUrl: 'https://n8n.example.com/webhook/symbl',
					confidenceThreshold: 0.6,
					entities: { entity: [{ customType: 'Team', text: 'recruiting' }] },
					enableSummary: true,
				},
			}),
		);

		expect(runError(run)).toBeUndefined();
		expect(nodeOutput(run, 'Append')[0].json.conversationId).toBe('6060');
		const [upload] = bed.emulator.uploads();
		expect(upload.path).toBe('/v1/process/text/6060');
		const { messages, ...parameters } = upload.json as IDataObject;
		expect(parameters).toEqual({
			webhookUrl: 'https://n8n.example.com/webhook/symbl?conversationId=6060',
			confidenceThreshold: 0.6,
			entities: [{ customType: 'Team', text: 'recruiting' }],
			enableSummary: true,
		});
		expect(messages).toHaveLength(3);
	});

	it('with Continue On Fail, a bad line fails the one upload in place of the first item; nothing is sent', async () => {
		const run = await bed.run(
			itemsNode([{ text: 'fine' }, { text: '   ' }, { text: 'fine too' }]),
			textNode('Submit', { operation: 'submit' }, { onError: 'continueRegularOutput' }),
		);
		const output = nodeOutput(run, 'Submit');
		expect(output).toEqual([
			{
				json: { error: expect.stringMatching(/^Item 1: "Message Text" is empty/) },
				pairedItem: { item: 0 },
			},
		]);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});

describe('each input item as its own upload', () => {
	it('sends one upload per item, in item order, each output paired to its item', async () => {
		const run = await bed.run(
			itemsNode(transcript.slice(0, 2)),
			textNode('Submit', { operation: 'submit', messageGrouping: 'eachItem', ...mapped }),
		);

		expect(runError(run)).toBeUndefined();
		const output = nodeOutput(run, 'Submit');
		expect(output.map((item) => [item.json.messageCount, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			[1, { item: 1 }],
		]);
		expect(output[0].json.conversationId).not.toBe(output[1].json.conversationId);
		expect(
			bed.emulator
				.uploads()
				.map((upload) => (upload.json?.messages as IDataObject[])[0].from as IDataObject),
		).toEqual([
			{ name: 'Natalia', userId: 'natalia@example.com' },
			{ name: 'Mike', userId: 'mike@abccorp.com' },
		]);
	});

	it('appends item by item to one conversation, in order', async () => {
		bed.emulator.createConversation('7070');
		const run = await bed.run(
			itemsNode([{ text: 'one' }, { text: 'two' }, { text: 'three' }]),
			textNode('Append', {
				operation: 'append',
				conversationId: '7070',
				messageGrouping: 'eachItem',
			}),
		);
		expect(runError(run)).toBeUndefined();
		expect(
			bed.emulator
				.uploads()
				.map(
					(upload) => ((upload.json?.messages as IDataObject[])[0].payload as IDataObject).content,
				),
		).toEqual(['one', 'two', 'three']);
		expect(bed.emulator.conversations.get('7070')?.jobIds).toHaveLength(3);
	});
});
