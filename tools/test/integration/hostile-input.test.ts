/**
 * A catalogue of hostile and careless input for the Symbl node, run in n8n's engine: every case
 * must end in a clear error naming the item and the field, with nothing sent to Symbl (not even
 * a token request) and no crash. Each row is one thing a user, an upstream node or an attacker
 * can put into a field. (The Symbl Trigger's catalogue is in trigger.test.ts.)
 */
import { readFileSync } from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { runError } from '../../harness';
import { itemsNode, loadNode, PART1, sha256, symblNode, TestBed } from '../support';

type Content = 'mp4' | 'empty' | 'png' | 'heic' | 'text-ftyp' | 'm4a';

const FILES: Record<Exclude<Content, 'mp4'>, Buffer> = {
	empty: Buffer.alloc(0),
	png: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
	heic: Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
	]),
	m4a: Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypM4A \0\0\0\0M4A isom', 'latin1'),
	]),
	'text-ftyp': Buffer.from('Yes ftyp is just a word in this text file', 'latin1'),
};

const append = (parameters: IDataObject): IDataObject => ({
	operation: 'append',
	conversationId: '4444',
	...parameters,
});
const withOptions = (options: IDataObject) => append({ options });
const many = (count: number, make: (index: number) => unknown) =>
	Array.from({ length: count }, (_, index) => make(index));

/** [case, node parameters, expected error, file given to the node] */
const CASES: Array<[string, IDataObject, RegExp, Content?]> = [
	// The binary property
	[
		'missing binary field',
		append({ binaryPropertyName: 'video' }),
		/Item 0: "Input Binary Field" names "video", but the item has no such binary field/,
	],
	['empty file', append({}), /Item 0: the binary field "data" is empty \(0 bytes\)/, 'empty'],
	[
		'PNG named .mp4 with an MP4 mime type',
		append({}),
		/Item 0: the binary field "data" is not an MP4 video; found PNG image/,
		'png',
	],
	[
		'HEIC image named .mp4',
		append({}),
		/is not an MP4 video; found HEIC image \(brand "heic"\)/,
		'heic',
	],
	['M4A audio named .mp4', append({}), /is not an MP4 video; found M4A audio/, 'm4a'],
	[
		'text with "ftyp" at byte 4',
		append({}),
		/is not an MP4 video; found unknown data/,
		'text-ftyp',
	],
	// The conversation ID (it goes into the URL path)
	[
		'empty conversation ID from an expression',
		append({ conversationId: '={{ $json.noSuchField ?? "" }}' }),
		/Item 0: "Conversation ID" is empty/,
	],
	[
		'whitespace conversation ID',
		append({ conversationId: '   ' }),
		/Item 0: "Conversation ID" is empty/,
	],
	[
		'path traversal in the ID',
		append({ conversationId: '123/../../oauth2' }),
		/Item 0: "Conversation ID" contains characters that are not allowed/,
	],
	[
		'encoded traversal %2e%2e',
		append({ conversationId: '%2e%2e%2foauth2' }),
		/Item 0: "Conversation ID" contains characters that are not allowed/,
	],
	[
		'a query in the ID',
		append({ conversationId: '123?x=1' }),
		/contains characters that are not allowed/,
	],
	[
		'a fragment in the ID',
		append({ conversationId: '123#x' }),
		/contains characters that are not allowed/,
	],
	[
		'an ID of dots',
		append({ conversationId: '..' }),
		/Item 0: "Conversation ID" is not a valid ID/,
	],
	[
		'full-width unicode digits',
		append({ conversationId: '１２３' }),
		/contains characters that are not allowed/,
	],
	[
		'a NUL byte in the ID',
		append({ conversationId: '123\u0000' }),
		/contains characters that are not allowed/,
	],
	[
		'a 100,000-character ID',
		append({ conversationId: 'a'.repeat(100_000) }),
		/Item 0: "Conversation ID" is 100000 characters long/,
	],
	[
		'a number above 2^53',
		append({ conversationId: '={{ 9007199254740993 }}' }),
		/Item 0: "Conversation ID" is a number too large to be exact/,
	],
	[
		'a boolean ID',
		append({ conversationId: '={{ true }}' }),
		/Item 0: "Conversation ID" must be text, got boolean/,
	],
	[
		'an object ID',
		append({ conversationId: '={{ { id: 1 } }}' }),
		/Item 0: "Conversation ID" must be text, got object/,
	],
	// Numbers
	[
		'confidence threshold too low',
		withOptions({ confidenceThreshold: 0.3 }),
		/Item 0: "Confidence Threshold" must be between 0.5 and 1.0, got 0.3/,
	],
	[
		'confidence threshold too high',
		withOptions({ confidenceThreshold: 1.5 }),
		/"Confidence Threshold" must be between 0.5 and 1.0, got 1.5/,
	],
	[
		'confidence threshold true',
		withOptions({ confidenceThreshold: true }),
		/"Confidence Threshold" must be between 0.5 and 1.0, got true/,
	],
	[
		'confidence threshold as words',
		withOptions({ confidenceThreshold: 'high' }),
		/"Confidence Threshold" must be between 0.5 and 1.0, got "high"/,
	],
	[
		'speaker count below 1',
		withOptions({ enableSpeakerDiarization: true, diarizationSpeakerCount: 0 }),
		/Item 0: "Diarization Speaker Count" must be a whole number from 1 to 100, got 0/,
	],
	[
		'fractional speaker count',
		withOptions({ enableSpeakerDiarization: true, diarizationSpeakerCount: 2.5 }),
		/must be a whole number from 1 to 100, got 2.5/,
	],
	[
		'speaker count 1e9',
		withOptions({ enableSpeakerDiarization: true, diarizationSpeakerCount: 1e9 }),
		/must be a whole number from 1 to 100, got 1000000000/,
	],
	[
		'negative speaker count',
		withOptions({ enableSpeakerDiarization: true, diarizationSpeakerCount: -3 }),
		/must be a whole number from 1 to 100, got -3/,
	],
	[
		'channel 0',
		withOptions({
			enableSeparateRecognitionPerChannel: true,
			channelMetadata: { channels: [{ channel: 0, speakerName: 'Ann' }] },
		}),
		/Item 0: "Channel Metadata" row 1: channel must be a whole number from 1 to 64/,
	],
	[
		'channel true',
		withOptions({
			enableSeparateRecognitionPerChannel: true,
			channelMetadata: { channels: [{ channel: true, speakerName: 'Ann' }] },
		}),
		/"Channel Metadata" row 1: channel must be a whole number/,
	],
	[
		'Max Attempts 0',
		withOptions({ maxAttempts: 0 }),
		/Item 0: "Max Attempts" must be a whole number from 1 to 10, got 0/,
	],
	[
		'Max Attempts 2.5',
		withOptions({ maxAttempts: 2.5 }),
		/"Max Attempts" must be a whole number from 1 to 10, got 2.5/,
	],
	[
		'Timeout 0 seconds',
		withOptions({ timeoutSeconds: 0 }),
		/Item 0: "Timeout \(Seconds\)" must be a whole number from 1 to 3600, got 0/,
	],
	// Choices an expression can bypass
	[
		'unknown language code',
		withOptions({ languageCode: 'xx-XX' }),
		/Item 0: "Language Code" "xx-XX" is not a language Symbl supports/,
	],
	[
		'unknown mode',
		withOptions({ mode: 'loud' }),
		/Item 0: "Mode" must be "default" or "phone", got "loud"/,
	],
	[
		'a switch given as text',
		withOptions({ detectPhrases: 'yes' }),
		/Item 0: "Detect Phrases" must be true or false, got "yes"/,
	],
	// URLs
	[
		'relative webhook URL',
		withOptions({ webhookUrl: '/webhook/symbl' }),
		/Item 0: "Webhook URL" must be an absolute http\(s\) URL/,
	],
	[
		'ftp webhook URL',
		withOptions({ webhookUrl: 'ftp://example.com/hook' }),
		/"Webhook URL" must be an absolute http\(s\) URL/,
	],
	[
		'javascript: webhook URL',
		withOptions({ webhookUrl: 'javascript:alert(1)' }),
		/"Webhook URL" must be an absolute http\(s\) URL/,
	],
	[
		'webhook URL without a host',
		withOptions({ webhookUrl: 'http://' }),
		/"Webhook URL" must be an absolute http\(s\) URL/,
	],
	// Text that would break the request or Symbl's JSON
	[
		'NUL in the meeting name',
		withOptions({ name: 'Weekly\u0000sync' }),
		/Item 0: "Meeting Name" has control characters/,
	],
	[
		'a line break in the meeting name',
		withOptions({ name: 'Weekly\nsync' }),
		/"Meeting Name" has control characters \(such as a line break\)/,
	],
	[
		'a 50,000-character meeting name',
		withOptions({ name: 'n'.repeat(50_000) }),
		/"Meeting Name" has a value of 50000 characters; at most 500/,
	],
	[
		'a vocabulary phrase with a line break',
		withOptions({ customVocabulary: ['ok', 'two\nlines'] }),
		/"Custom Vocabulary" has control characters .* in a phrase/,
	],
	[
		'5,000 vocabulary phrases',
		withOptions({ customVocabulary: many(5000, (index) => `phrase ${index}`) }),
		/Item 0: the options make the request \d+ characters long; at most 6000/,
	],
	[
		'JSON-breaking quotes in a tracker phrase',
		withOptions({ trackers: { tracker: [{ name: 'Pricing', vocabulary: ['"}]'] }] } }),
		/Item 0: "Trackers" row 1: phrase "\\"}]" contains "" } \]"; Symbl allows only \. ' - as punctuation/,
	],
	[
		'a tracker without phrases',
		withOptions({ trackers: { tracker: [{ name: 'Pricing', vocabulary: [] }] } }),
		/"Trackers" row 1 needs a Name and at least one phrase/,
	],
	[
		'an entity without text',
		withOptions({ entities: { entity: [{ customType: 'Product', text: '' }] } }),
		/Item 0: "Entities" row 1 needs both a Custom Type and a Text/,
	],
	[
		'NUL in an entity',
		withOptions({ entities: { entity: [{ customType: 'Product', text: 'a\u0000b' }] } }),
		/"Entities" row 1 has control characters/,
	],
];

describe('hostile input is refused, naming the item and field, before anything is sent', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await new TestBed().start();
	});
	afterAll(async () => await bed.stop());
	beforeEach(() => bed.emulator.reset());

	it('n8n itself refuses to run with a literally empty Conversation ID', async () => {
		const run = bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Append', bed.credential, append({ conversationId: '' })),
		);
		await expect(run).rejects.toThrow(/workflow has issues/);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it.each(CASES)('%s', async (_title, parameters, message, content = 'mp4') => {
		const path = content === 'mp4' ? PART1 : bed.file(`${content}.mp4`, FILES[content]);
		const run = await bed.run(
			loadNode([{ path }]),
			symblNode('Append', bed.credential, parameters),
		);

		const error = runError(run);
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('names the right item when the bad one is the last of several', async () => {
		const run = await bed.run(
			loadNode([
				{ path: PART1, json: { id: '4444' } },
				{ path: PART1, json: { id: '4444' } },
				{ path: PART1, json: { id: '../4444' } },
			]),
			symblNode('Append', bed.credential, append({ conversationId: '={{ $json.id }}' })),
		);
		expect(runError(run)?.message).toMatch(/^Item 2: "Conversation ID"/);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('sends a file the format check would refuse when "Skip Format Check" is on', async () => {
		bed.emulator.createConversation('4444');
		const odd = bed.file('odd.mp4', Buffer.from('not quite an mp4 but the user knows better'));
		const run = await bed.run(
			loadNode([{ path: odd }]),
			symblNode('Append', bed.credential, append({ options: { skipFormatCheck: true } })),
		);
		expect(runError(run)).toBeUndefined();
		expect(bed.emulator.uploads()[0].bodySha256).toBe(sha256(odd));
	});

	it('keeps "Smith, John" one phrase', async () => {
		bed.emulator.createConversation('4444');
		const run = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode(
				'Append',
				bed.credential,
				withOptions({
					customVocabulary: '={{ "Smith, John\\nAcme" }}',
				}),
			),
		);
		expect(runError(run)).toBeUndefined();
		const { query } = bed.emulator.uploads()[0];
		expect(JSON.parse(query.customVocabulary as string)).toEqual(['Smith, John', 'Acme']);
	});
});

// Uploads from a URL, audio files and text: the same promise, for their own fields.

/** What the node is given: a file (audio), or JSON items (URLs, text). */
type Given = { file: Buffer | string; mimeType?: string } | { items: IDataObject[] };

const MP4_VIDEO = readFileSync(PART1);
const url = (resource: 'video' | 'audio', value: string): IDataObject => ({
	resource,
	operation: 'submitUrl',
	url: value,
});
const audio = (parameters: IDataObject = {}): IDataObject => ({
	resource: 'audio',
	operation: 'submit',
	...parameters,
});
const text = (parameters: IDataObject = {}): IDataObject => ({
	resource: 'text',
	operation: 'submit',
	speakerName: '={{ $json.who }}',
	startTime: '={{ $json.from }}',
	endTime: '={{ $json.to }}',
	...parameters,
});
const lines = (...items: IDataObject[]): Given => ({ items });
const noItems = lines({});

const UPLOAD_CASES: Array<[string, IDataObject, RegExp, Given]> = [
	// The URL Symbl downloads from
	[
		'a file:// URL',
		url('video', 'file:///etc/passwd'),
		/^Item 0: "Video URL" must be an absolute http\(s\) URL, got "file:\/\/\/etc\/passwd"/,
		noItems,
	],
	[
		'a javascript: URL',
		url('audio', 'javascript:alert(1)'),
		/^Item 0: "Audio URL" must be an absolute http\(s\) URL/,
		noItems,
	],
	[
		'a data: URL',
		url('video', 'data:video/mp4;base64,AAAAGGZ0eXA='),
		/"Video URL" must be an absolute http\(s\) URL/,
		noItems,
	],
	['an ftp URL', url('audio', 'ftp://example.com/a.mp3'), /must be an absolute http\(s\)/, noItems],
	['a relative URL', url('video', '/recordings/a.mp4'), /must be an absolute http\(s\)/, noItems],
	['a URL without a host', url('video', 'http://'), /must be an absolute http\(s\)/, noItems],
	[
		'an empty URL from an expression',
		url('video', '={{ $json.noSuchField ?? "" }}'),
		/^Item 0: "Video URL" is empty/,
		noItems,
	],
	[
		'a URL that is a number',
		url('audio', '={{ 42 }}'),
		/"Audio URL" must be text, got number/,
		noItems,
	],
	[
		'a URL with a space',
		url('video', 'https://example.com/my meeting.mp4'),
		/"Video URL" contains spaces or control characters/,
		noItems,
	],
	[
		'a URL with a header injected after a line break',
		url('video', '={{ "https://example.com/a.mp4\\r\\nHost: evil.example" }}'),
		/"Video URL" contains spaces or control characters/,
		noItems,
	],
	[
		'a URL with a user name and password',
		url('audio', 'https://user:secret@storage.example.com/a.mp3'),
		/"Audio URL" must not carry a user name or password/,
		noItems,
	],
	[
		'a YouTube link',
		url('video', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'),
		/"Video URL" is a YouTube link \(www\.youtube\.com\), which Symbl does not download/,
		noItems,
	],
	['a youtu.be link', url('video', 'https://youtu.be/dQw4w9WgXcQ'), /is a YouTube link/, noItems],
	['a Vimeo link', url('video', 'https://vimeo.com/76979871'), /is a Vimeo link/, noItems],
	[
		'a bit.ly link',
		url('audio', 'https://bit.ly/3xyz'),
		/is a shortened link \(bit\.ly\)/,
		noItems,
	],
	[
		'a 10,000-character URL',
		url('video', `https://example.com/${'a'.repeat(10_000)}`),
		/"Video URL" is 10020 characters long; at most 8192/,
		noItems,
	],
	[
		'a bad conversation ID for Append Video URL',
		{
			...url('video', 'https://example.com/a.mp4'),
			operation: 'appendUrl',
			conversationId: '1/../2',
		},
		/^Item 0: "Conversation ID" contains characters that are not allowed/,
		noItems,
	],
	// Audio files: the bytes decide, whatever the file is called
	[
		'a PNG named .mp3',
		audio(),
		/^Item 0: the binary field "data" is not audio Symbl takes; found PNG image/,
		{ file: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), mimeType: 'audio/mpeg' },
	],
	[
		'an MP4 video sent as audio',
		audio(),
		/is not audio Symbl takes; found MP4 video \(brand "isom"\)/,
		{ file: MP4_VIDEO, mimeType: 'video/mp4' },
	],
	[
		"a proxy's HTML error page saved as .wav",
		audio(),
		/is not audio Symbl takes; found HTML page/,
		{ file: '<!DOCTYPE html><title>502 Bad Gateway</title>', mimeType: 'audio/wav' },
	],
	[
		'DRM-protected M4P audio',
		audio(),
		/found protected M4A audio \(brand "M4P"\)/,
		{
			file: Buffer.concat([
				Buffer.from([0, 0, 0, 24]),
				Buffer.from('ftypM4P \0\0\0\0M4P ', 'latin1'),
			]),
		},
	],
	[
		'WebM audio (not a format Symbl lists)',
		audio(),
		/found WebM\/Matroska video/,
		{ file: Buffer.from('1a45dfa39f4286810142f7810142f281', 'hex'), mimeType: 'audio/webm' },
	],
	['an empty audio file', audio(), /the binary field "data" is empty \(0 bytes\)/, { file: '' }],
	[
		'a missing binary field for audio',
		audio({ binaryPropertyName: 'audio' }),
		/"Input Binary Field" names "audio", but the item has no such binary field/,
		{ file: 'RIFF\x24\x00\x00\x00WAVEfmt ' },
	],
	// Text messages
	['an empty message', text(), /^Item 0: "Message Text" is empty/, lines({ text: '' })],
	[
		'a blank line 3 of 3',
		text(),
		/^Item 2: "Message Text" is empty/,
		lines({ text: 'one' }, { text: 'two' }, { text: ' \n\t ' }),
	],
	['a message missing its text field', text(), /"Message Text" is empty/, lines({ body: 'hi' })],
	[
		'a message that is an object',
		text(),
		/"Message Text" must be text, got object/,
		lines({ text: { content: 'hi' } }),
	],
	[
		'a NUL byte in a message',
		text(),
		/"Message Text" has a control character \(U\+0000\)/,
		lines({ text: 'a\u0000b' }),
	],
	[
		'a line break in a speaker name',
		text(),
		/"Speaker Name" has control characters/,
		lines({ text: 'hi', who: 'Ann\nBob' }),
	],
	[
		'a 600-character speaker name',
		text(),
		/"Speaker Name" has a value of 600 characters; at most 500/,
		lines({ text: 'hi', who: 'n'.repeat(600) }),
	],
	[
		'a start time in words',
		text(),
		/"Start Time" must be an ISO 8601 date-time with a time zone/,
		lines({ text: 'hi', from: 'yesterday at noon' }),
	],
	[
		'a start time without a time zone',
		text(),
		/"Start Time" must be an ISO 8601 date-time with a time zone/,
		lines({ text: 'hi', from: '2020-07-21T16:04:19' }),
	],
	[
		'an impossible date',
		text(),
		/"Start Time" is not a real date-time/,
		lines({ text: 'hi', from: '2020-13-45T10:00:00Z' }),
	],
	[
		'an end before the start',
		text(),
		/"End Time" \(2020-07-21T16:00:00\.000Z\) is before the Start Time \(2020-07-21T16:04:19\.000Z\)/,
		lines({ text: 'hi', from: '2020-07-21T16:04:19Z', to: '2020-07-21T16:00:00Z' }),
	],
	[
		'items naming different conversations in one upload',
		text({ operation: 'append', conversationId: '={{ $json.conversation }}' }),
		/^Item 1: "Conversation ID" is 222, but the first item's is 111/,
		lines({ text: 'a', conversation: '111' }, { text: 'b', conversation: '222' }),
	],
	[
		'path traversal in Append Text',
		text({ operation: 'append', conversationId: '../../oauth2' }),
		/"Conversation ID" contains characters that are not allowed/,
		lines({ text: 'hi' }),
	],
];

describe('hostile input for URL, audio and text uploads is refused before anything is sent', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await new TestBed().start();
	});
	afterAll(async () => await bed.stop());
	beforeEach(() => bed.emulator.reset());

	it.each(UPLOAD_CASES)('%s', async (_title, parameters, message, given) => {
		const input =
			'items' in given
				? itemsNode(given.items)
				: loadNode([{ path: bed.file('given', given.file), mimeType: given.mimeType }]);
		const run = await bed.run(input, symblNode('Symbl', bed.credential, parameters));

		const error = runError(run);
		expect(error?.message).toMatch(message);
		const itemIndex = Number(/^Item (\d+)/.exec(error?.message ?? '')?.[1]);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(itemIndex);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});
