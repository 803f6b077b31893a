/**
 * Submit/Append Video URL and Submit/Append Audio URL run inside n8n-core's WorkflowExecute against
 * the emulator over real HTTP: the JSON body Symbl receives ({url, …parameters}, typed, nothing in
 * the query) and what the workflow gets back.
 */
import type { IDataObject } from 'n8n-workflow';

import { nodeOutput, runError } from '../../harness';
import { itemsNode, serializeRun, submittedThenAppended, symblNode, TestBed } from '../support';

let bed: TestBed;
beforeEach(async () => {
	bed = await new TestBed().start();
});
afterEach(async () => await bed.stop());

const urlNode = (name: string, resource: string, parameters: IDataObject, settings = {}) =>
	symblNode(name, bed.credential, { resource, ...parameters }, settings);

describe.each(['video', 'audio'])('%s from a URL', (resource) => {
	const file = resource === 'video' ? 'meeting.mp4' : 'call.mp3';

	it('submits, then appends; Symbl gets {url} as JSON, nothing in the query', async () => {
		const run = await bed.run(
			itemsNode([
				{
					first: `https://storage.example.com/recordings/${file}?X-Amz-Signature=abc%2Fdef`,
					second: `https://storage.example.com/recordings/part2-${file}`,
				},
			]),
			urlNode('Submit', resource, { operation: 'submitUrl', url: '={{ $json.first }}' }),
			urlNode('Append', resource, {
				operation: 'appendUrl',
				conversationId: '={{ $json.conversationId }}',
				url: "={{ $('Items').item.json.second }}",
			}),
		);

		const { submitted } = submittedThenAppended(run);

		const [post, put] = bed.emulator.uploads();
		expect(post).toMatchObject({
			method: 'POST',
			path: `/v1/process/${resource}/url`,
			status: 201,
		});
		// Sent as given: a signed URL keeps its signature.
		expect(post.json).toEqual({
			url: `https://storage.example.com/recordings/${file}?X-Amz-Signature=abc%2Fdef`,
		});
		expect(post.query).toEqual({});
		expect(post.headers['content-type']).toBe('application/json');
		expect(put).toMatchObject({
			method: 'PUT',
			path: `/v1/process/${resource}/url/${submitted.json.conversationId}`,
			status: 201,
		});
		expect(put.json).toEqual({ url: `https://storage.example.com/recordings/part2-${file}` });
	});

	it('sends all 16 processing parameters in the body, typed as Symbl documents them', async () => {
		bed.emulator.createConversation('3434');
		const run = await bed.run(
			itemsNode([{}]),
			urlNode('Append', resource, {
				operation: 'appendUrl',
				conversationId: '3434',
				url: `https://storage.example.com/${file}`,
				options: {
					name: 'Weekly sync',
					webhookUrl: 'https://n8n.example.com/webhook/symbl',
					correlationKey: 'zoom-123',
					customVocabulary: ['Platform', 'Discussion'],
					confidenceThreshold: 0.7,
					detectPhrases: true,
					entities: { entity: [{ customType: 'Product', text: 'n8n', value: 'N8N' }] },
					detectEntities: true,
					languageCode: 'en-GB',
					mode: 'phone',
					enableSeparateRecognitionPerChannel: true,
					channelMetadata: { channels: [{ channel: 1, speakerName: 'Ada' }] },
					trackers: { tracker: [{ name: 'Pricing', vocabulary: ['price'] }] },
					enableAllTrackers: false,
					enableSummary: true,
					enableSpeakerDiarization: true,
					diarizationSpeakerCount: 3,
				},
			}),
		);

		expect(runError(run)).toBeUndefined();
		const [upload] = bed.emulator.uploads();
		expect(upload.query).toEqual({});
		expect(upload.json).toEqual({
			url: `https://storage.example.com/${file}`,
			name: 'Weekly sync',
			webhookUrl:
				'https://n8n.example.com/webhook/symbl?conversationId=3434&correlationKey=zoom-123',
			customVocabulary: ['Platform', 'Discussion'],
			confidenceThreshold: 0.7,
			detectPhrases: true,
			entities: [{ customType: 'Product', text: 'n8n', value: 'N8N' }],
			detectEntities: true,
			languageCode: 'en-GB',
			mode: 'phone',
			enableSeparateRecognitionPerChannel: true,
			channelMetadata: [{ channel: 1, speaker: { name: 'Ada' } }],
			trackers: [{ name: 'Pricing', vocabulary: ['price'] }],
			enableAllTrackers: false,
			enableSummary: true,
			enableSpeakerDiarization: true,
			diarizationSpeakerCount: 3,
		});
	});

	it('accepts private-looking hosts: an emulator, a proxy or an internal store may serve them', async () => {
		const urls = ['http://10.0.0.5/a', 'http://localhost:8080/b', 'http://[::1]/c'];
		const run = await bed.run(
			itemsNode(urls.map((url) => ({ url }))),
			urlNode('Submit', resource, { operation: 'submitUrl', url: '={{ $json.url }}' }),
		);
		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.uploads().map((upload) => upload.json?.url)).toEqual(urls);
		expect(nodeOutput(run, 'Submit').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});

describe('URL upload errors', () => {
	it('an unknown conversation is a 404 that says so', async () => {
		const run = await bed.run(
			itemsNode([{}]),
			urlNode('Append', 'audio', {
				operation: 'appendUrl',
				conversationId: '999',
				url: 'https://storage.example.com/a.mp3',
			}),
		);
		expect(runError(run)?.message).toBe(
			'Symbl could not find the conversation or job (HTTP 404): Conversation 999 not found',
		);
	});

	it("keeps Symbl's 400 per item with Continue On Fail, and never shows a secret", async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\/url$/,
			status: 400,
			message: 'Invalid url',
		});
		const run = await bed.run(
			itemsNode([{ url: 'https://a.example/1.mp4' }, { url: 'https://a.example/2.mp4' }]),
			urlNode(
				'Submit',
				'video',
				{ operation: 'submitUrl', url: '={{ $json.url }}' },
				{ onError: 'continueRegularOutput' },
			),
		);
		const items = nodeOutput(run, 'Submit');
		expect(items[0].json.error).toMatch(/\(HTTP 400\): Invalid url$/);
		expect(items[1].json).toMatchObject({ conversationId: expect.any(String) });
		for (const secret of bed.secrets()) expect(serializeRun(run)).not.toContain(secret);
	});
});
