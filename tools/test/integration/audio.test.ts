/**
 * Submit Audio and Append Audio run inside n8n-core's WorkflowExecute against the emulator over
 * real HTTP: what Symbl receives (bytes, Content-Type as its audio pages allow, query) and what
 * the workflow gets back.
 */
import type { IDataObject } from 'n8n-workflow';

import { runError } from '../../harness';
import {
	AUDIO,
	loadNode,
	serializeRun,
	sha256,
	submittedThenAppended,
	symblNode,
	TestBed,
} from '../support';

const audioNode = (bed: TestBed, name: string, parameters: IDataObject, settings = {}) =>
	symblNode(name, bed.credential, { resource: 'audio', ...parameters }, settings);

describe.each(['default', 'filesystem'] as const)(
	'audio upload with %s binary mode',
	(binaryMode) => {
		let bed: TestBed;
		beforeEach(async () => {
			bed = await new TestBed().start(binaryMode);
		});
		afterEach(async () => await bed.stop());

		it('submits a WAV, then appends an MP3; Symbl receives each byte for byte, with its type', async () => {
			const wav = bed.file('part1.wav', AUDIO.wav);
			const mp3 = bed.file('part2.mp3', AUDIO.mp3);
			const run = await bed.run(
				loadNode([{ path: wav, mimeType: 'audio/wav' }]),
				audioNode(bed, 'Submit', { operation: 'submit' }),
				// n8n often labels a download application/octet-stream: the bytes decide.
				loadNode([{ path: mp3, mimeType: 'application/octet-stream' }], 'Load Part 2'),
				audioNode(bed, 'Append', {
					operation: 'append',
					conversationId: "={{ $('Submit').item.json.conversationId }}",
				}),
			);

			const { submitted } = submittedThenAppended(run);

			const [post, put] = bed.emulator.uploads();
			expect(post).toMatchObject({ method: 'POST', path: '/v1/process/audio', status: 201 });
			expect(post.headers['content-type']).toBe('audio/wav');
			expect(post.headers['content-length']).toBe(String(AUDIO.wav.length));
			expect(post.bodySha256).toBe(sha256(wav));
			expect(put).toMatchObject({
				method: 'PUT',
				path: `/v1/process/audio/${submitted.json.conversationId}`,
				status: 201,
			});
			expect(put.headers['content-type']).toBe('audio/mpeg');
			expect(put.bodySha256).toBe(sha256(mp3));
			expect(put.query).toEqual({});
		});

		it.each([
			['FLAC', AUDIO.flac, 'audio/flac'],
			['Ogg', AUDIO.ogg, 'audio/ogg'],
			['M4A', AUDIO.m4a, 'audio/x-m4a'],
			['M4A of the generic MP4 brand, declared audio/mp4', AUDIO.m4aGeneric, 'audio/mp4'],
		])(
			'sends %s without a Content-Type, as Symbl asks for formats it does not list',
			async (_name, bytes, mimeType) => {
				const path = bed.file('recording', bytes);
				const run = await bed.run(
					loadNode([{ path, mimeType }]),
					audioNode(bed, 'Submit', { operation: 'submit' }),
				);
				expect(runError(run)).toBeUndefined();
				const [upload] = bed.emulator.uploads();
				expect(upload.status).toBe(201);
				expect(upload.headers['content-type']).toBeUndefined();
				expect(upload.bodySha256).toBe(sha256(path));
			},
		);
	},
);

describe('audio upload options', () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start();
	});
	afterEach(async () => await bed.stop());

	it('sends the processing parameters in the query, as for video', async () => {
		const conversation = bed.emulator.createConversation('8181');
		const run = await bed.run(
			loadNode([{ path: bed.file('a.wav', AUDIO.wav) }]),
			audioNode(bed, 'Append', {
				operation: 'append',
				conversationId: conversation.id,
				options: {
					languageCode: 'es-US',
					mode: 'phone',
					customVocabulary: ['Symbl'],
					enableSpeakerDiarization: true,
					diarizationSpeakerCount: 2,
					webhookUrl: 'https://n8n.example.com/webhook/symbl',
					correlationKey: 'call-42.wav',
				},
			}),
		);
		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.uploads()[0].query).toEqual({
			languageCode: 'es-US',
			mode: 'phone',
			customVocabulary: '["Symbl"]',
			enableSpeakerDiarization: 'true',
			diarizationSpeakerCount: '2',
			webhookUrl:
				'https://n8n.example.com/webhook/symbl?conversationId=8181&correlationKey=call-42.wav',
		});
	});

	it('an unknown conversation is a 404 that says so, without secrets', async () => {
		const run = await bed.run(
			loadNode([{ path: bed.file('a.wav', AUDIO.wav) }]),
			audioNode(bed, 'Append', { operation: 'append', conversationId: '999' }),
		);
		expect(runError(run)?.message).toBe(
			'Symbl could not find the conversation or job (HTTP 404): Conversation 999 not found',
		);
		for (const secret of bed.secrets()) expect(serializeRun(run)).not.toContain(secret);
	});

	it('with Skip Format Check, sends an unrecognised file with the Content-Type its binary declares, if Symbl lists it', async () => {
		const odd = bed.file('odd.wav', Buffer.from('a WAV the check does not recognise'));
		const run = await bed.run(
			loadNode([
				{ path: odd, mimeType: 'audio/wave' },
				{ path: odd, mimeType: 'audio/x-unknown' },
			]),
			audioNode(bed, 'Submit', { operation: 'submit', options: { skipFormatCheck: true } }),
		);
		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.uploads().map((upload) => upload.headers['content-type'])).toEqual([
			'audio/wave',
			undefined,
		]);
	});
});
