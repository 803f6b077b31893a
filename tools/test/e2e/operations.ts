/**
 * Every operation of the Symbl node in a real n8n (issue 22): two workflows the running n8n starts
 * through their webhooks, one after the other, and their checks, one summary row per operation.
 *  E  e2eOps: Submit/Append Video URL and Audio URL, the recordings downloaded by the emulator from
 *     the test's file server through signed URLs; Job → Get Status; URLs that answer 404 or an HTML
 *     page (the job fails: the node says so, and so does the Symbl Trigger of B); Submit/Append Audio
 *     of a WAV and an MP3 made at test time; an MP4 video refused by Audio; 50 items → one Submit
 *     Text, then Append Text.
 *  F  e2eConversation: a two-part video conversation, then every Conversation operation (lists
 *     split into items), Delete last, and the 404 of the deleted and of an unknown conversation.
 * Every upload that must end before the next waits on Symbl's callback, so the emulator's trial
 * limit (2 unfinished jobs) is never reached. Checked in n8n's stored run data, the emulator's log
 * (requests and downloads, with their SHA-256) and the file server's log.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';

import { signedUrl } from './file-server';
import type { Upload } from './run-data';
import { emulatorDownloads, emulatorRequests, executions, nodeSeconds, output } from './run-data';
import { fail, node, symbl, webhook, workflow } from './workflows';

type Json = IDataObject;

export const OPS = {
	uploads: { id: 'e2eOps', path: 'e2e-ops' },
	conversation: { id: 'e2eConversation', path: 'e2e-conversation' },
} as const;

/** The recordings the file server serves and Read Files reads (real-n8n.sh makes the WAV and MP3). */
export const MEDIA = {
	video1: 'meeting-part1.mp4',
	video2: 'meeting-part2.mp4',
	wav: 'call.wav',
	mp3: 'call.mp3',
} as const;

const TEXT_LINES = 50;
const MORE_LINES = 5;
const UNKNOWN_CONVERSATION = '4999999999999999';

const body = (field: string) => `={{ $('Start').first().json.body.${field} }}`;
/**
 * Poll, every 5 s: the emulator's jobs end within a second, often before n8n has saved a callback
 * wait, and such a wait then resumes only at its next check (minutes). D proves the callback wait.
 */
const WAIT = { waitForCompletion: 'poll', pollIntervalSeconds: 5 } as const;
const CONTINUE: Partial<INode> = { onError: 'continueRegularOutput' };

const readFile = (name: string, field: string, extra: Partial<INode> = {}) =>
	node(name, 'n8n-nodes-base.readWriteFile', { fileSelector: body(field), options: {} }, extra);

/** Edit Fields: one item whose `name` is the request body's array of that name. */
const arrayFromBody = (name: string, field: string) =>
	node(
		name,
		'n8n-nodes-base.set',
		{
			mode: 'manual',
			assignments: {
				assignments: [{ id: field, name: field, value: body(field), type: 'array' }],
			},
			includeOtherFields: false,
			options: {},
		},
		{ typeVersion: 3.4, executeOnce: true },
	);

const splitOut = (name: string, field: string) =>
	node(name, 'n8n-nodes-base.splitOut', {
		fieldToSplitOut: field,
		include: 'noOtherFields',
		options: {},
	});

/** One line of the text transcript: a message with its speaker and times. */
function line(index: number, prefix: string): Json {
	const start = Date.UTC(2026, 0, 1, 9, 0, index * 10);
	return {
		text: `${prefix} line ${index + 1}: item ${index} of the e2e transcript.`,
		speaker: index % 2 === 0 ? 'Ada Lovelace' : 'Grace Hopper',
		email: index % 2 === 0 ? 'ada@example.com' : 'grace@example.com',
		start: new Date(start).toISOString(),
		end: new Date(start + 8000).toISOString(),
	};
}

const textFields = {
	text: '={{ $json.text }}',
	speakerName: '={{ $json.speaker }}',
	speakerEmail: '={{ $json.email }}',
	startTime: '={{ $json.start }}',
	endTime: '={{ $json.end }}',
};

function uploadsWorkflow() {
	return workflow(OPS.uploads.id, 'e2e operations: uploads', [
		webhook(OPS.uploads.path),
		symbl('Submit Video URL', {
			resource: 'video',
			operation: 'submitUrl',
			url: body('videoUrl1'),
			options: { name: 'e2e-video-url' },
		}),
		// Symbl processes a conversation's jobs in order: once Append's has ended, Submit's has too.
		symbl('Append Video URL', {
			resource: 'video',
			operation: 'appendUrl',
			conversationId: '={{ $json.conversationId }}',
			url: body('videoUrl2'),
			...WAIT,
			options: {},
		}),
		symbl('Submit Audio URL', {
			resource: 'audio',
			operation: 'submitUrl',
			url: body('wavUrl'),
			options: { name: 'e2e-audio-url' },
		}),
		symbl('Append Audio URL', {
			resource: 'audio',
			operation: 'appendUrl',
			conversationId: '={{ $json.conversationId }}',
			url: body('mp3Url'),
			...WAIT,
			options: {},
		}),
		symbl('Get Job Status', {
			resource: 'job',
			operation: 'get',
			jobId: "={{ $('Submit Video URL').first().json.jobId }}",
		}),
		symbl('Get Job Status (Audio)', {
			resource: 'job',
			operation: 'get',
			jobId: "={{ $('Submit Audio URL').first().json.jobId }}",
		}),
		// Two video URLs that give no recording (404, an HTML page): one node, two items, one wait.
		arrayFromBody('Bad Video URLs', 'badVideoUrls'),
		splitOut('Split Bad Video URLs', 'badVideoUrls'),
		symbl(
			'Video URL 404/HTML',
			{
				resource: 'video',
				operation: 'submitUrl',
				url: '={{ $json.url }}',
				...WAIT,
				options: { name: '={{ $json.name }}' },
			},
			CONTINUE,
		),
		readFile('Read WAV', 'wavFile', { executeOnce: true }),
		symbl('Submit Audio', {
			resource: 'audio',
			operation: 'submit',
			binaryPropertyName: 'data',
			options: { name: 'e2e-audio-file' },
		}),
		readFile('Read MP3', 'mp3File'),
		symbl('Append Audio', {
			resource: 'audio',
			operation: 'append',
			conversationId: "={{ $('Submit Audio').first().json.conversationId }}",
			binaryPropertyName: 'data',
			...WAIT,
			options: {},
		}),
		readFile('Read MP4', 'mp4File'),
		symbl(
			'Audio Refuses MP4',
			{
				resource: 'audio',
				operation: 'submit',
				binaryPropertyName: 'data',
				options: { name: 'e2e-audio-mp4' },
			},
			CONTINUE,
		),
		arrayFromBody('Text Lines', 'lines'),
		splitOut('Split Lines', 'lines'),
		symbl('Submit Text', {
			resource: 'text',
			operation: 'submit',
			...textFields,
			options: { name: 'e2e-text' },
		}),
		arrayFromBody('More Lines', 'more'),
		splitOut('Split More', 'more'),
		symbl('Append Text', {
			resource: 'text',
			operation: 'append',
			conversationId: "={{ $('Submit Text').first().json.conversationId }}",
			...textFields,
			...WAIT,
			options: {},
		}),
		// Last: two audio URLs that give no recording, without waiting; their jobs fail while the
		// workflow ends, and only the Symbl Trigger hears of it.
		arrayFromBody('Bad Audio URLs', 'badAudioUrls'),
		splitOut('Split Bad Audio URLs', 'badAudioUrls'),
		symbl('Audio URL 404/HTML (Trigger)', {
			resource: 'audio',
			operation: 'submitUrl',
			url: '={{ $json.url }}',
			options: {
				name: '={{ $json.name }}',
				webhookUrl: body('triggerUrl'),
				correlationKey: '={{ $json.name }}',
			},
		}),
	]);
}

/** A Conversation operation on F's conversation; it runs once and passes on even an empty list. */
const conversation = (
	name: string,
	operation: string,
	parameters: object = {},
	extra: Partial<INode> = {},
) =>
	symbl(
		name,
		{
			resource: 'conversation',
			operation,
			conversationId: "={{ $('Submit').first().json.conversationId }}",
			...parameters,
		},
		{ executeOnce: true, alwaysOutputData: true, ...extra },
	);

const SPLIT = { splitIntoItems: true };

function conversationWorkflow() {
	return workflow(OPS.conversation.id, 'e2e operations: conversation', [
		webhook(OPS.conversation.path),
		readFile('Read Part 1', 'video1File'),
		symbl('Submit', {
			resource: 'video',
			operation: 'submit',
			binaryPropertyName: 'data',
			options: {
				name: 'e2e-conversation',
				enableSummary: true,
				detectEntities: true,
				entities: { entity: [{ customType: 'Project', text: 'e2e-conversation' }] },
				trackers: { tracker: [{ name: 'Timeline', vocabulary: ['project timeline', 'deadline'] }] },
			},
		}),
		readFile('Read Part 2', 'video2File'),
		symbl('Append', {
			resource: 'video',
			operation: 'append',
			conversationId: "={{ $('Submit').first().json.conversationId }}",
			binaryPropertyName: 'data',
			...WAIT,
			options: {},
		}),
		conversation('Get', 'get'),
		conversation('Get Messages', 'getMessages', { ...SPLIT, options: { sentiment: true } }),
		conversation('Get Topics', 'getTopics', { ...SPLIT, options: { parentRefs: true } }),
		conversation('Get Action Items', 'getActionItems', SPLIT),
		conversation('Get Follow-Ups', 'getFollowUps', SPLIT),
		conversation('Get Questions', 'getQuestions', SPLIT),
		conversation('Get Insights', 'getInsights', SPLIT),
		conversation('Get Entities', 'getEntities', SPLIT),
		conversation('Get Trackers', 'getTrackers', SPLIT),
		conversation('Get Members', 'getMembers', SPLIT),
		conversation('Get Summary', 'getSummary', SPLIT),
		conversation('Get Analytics', 'getAnalytics'),
		conversation('Get Transcript', 'getTranscript', {
			contentType: 'text/markdown',
			options: { showSpeakerSeparation: true },
		}),
		conversation('Get Transcript (SRT)', 'getTranscript', { contentType: 'text/srt' }),
		conversation('Get Results', 'getResults', {
			results: [
				'messages',
				'topics',
				'actionItems',
				'followUps',
				'questions',
				'summary',
				'entities',
				'trackers',
				'members',
			],
		}),
		conversation('Delete', 'delete'),
		conversation('Get Deleted', 'get', {}, CONTINUE),
		conversation(
			'Get Unknown',
			'getMessages',
			{ conversationId: UNKNOWN_CONVERSATION, ...SPLIT },
			CONTINUE,
		),
	]);
}

export function operationWorkflows() {
	return [uploadsWorkflow(), conversationWorkflow()];
}

export interface RequestSetup {
	/** The file server's base URL, and the signature its signed URLs carry. */
	filesUrl: string;
	signature: string;
	/** Where real-n8n.sh put the recordings (MEDIA) for Read Files. */
	mediaDir: string;
	/** The Symbl Trigger (B's) that hears of the failed jobs, with its token. */
	triggerUrl: string;
}

const signed = ({ filesUrl, signature }: RequestSetup, name: string) =>
	signedUrl(filesUrl, signature, name);

/** The JSON body each workflow's webhook is started with. */
export function requestBody(kind: keyof typeof OPS, setup: RequestSetup): Json {
	const file = (name: string) => join(setup.mediaDir, name);
	if (kind === 'conversation') {
		return { video1File: file(MEDIA.video1), video2File: file(MEDIA.video2) };
	}
	return {
		videoUrl1: signed(setup, MEDIA.video1),
		videoUrl2: signed(setup, MEDIA.video2),
		wavUrl: signed(setup, MEDIA.wav),
		mp3Url: signed(setup, MEDIA.mp3),
		badVideoUrls: [
			{ name: 'e2e-video-404', url: signed(setup, 'missing.mp4') },
			{ name: 'e2e-video-html', url: `${setup.filesUrl}/html/${MEDIA.video1}` },
		],
		badAudioUrls: [
			{ name: 'e2e-audio-404', url: signed(setup, 'missing.mp3') },
			{ name: 'e2e-audio-html', url: `${setup.filesUrl}/html/${MEDIA.wav}` },
		],
		triggerUrl: setup.triggerUrl,
		wavFile: file(MEDIA.wav),
		mp3File: file(MEDIA.mp3),
		mp4File: file(MEDIA.video1),
		lines: Array.from({ length: TEXT_LINES }, (_, index) => line(index, 'Submit')),
		more: Array.from({ length: MORE_LINES }, (_, index) => line(TEXT_LINES + index, 'Append')),
	};
}

// ─── checks ──────────────────────────────────────────────────────────────────────────────────

/** One summary row per operation: its name, ok or FAIL, and the node's own time in n8n (s). */
class Report {
	readonly rows: string[] = [];

	failures = 0;

	async check(row: string, seconds: number, test: () => string | Promise<string>): Promise<void> {
		let result = 'ok';
		try {
			console.log(`ok: ${row}: ${await test()}`);
		} catch (error) {
			result = 'FAIL';
			this.failures++;
			console.error(`FAIL: ${row}: ${(error as Error).message}`);
		}
		this.rows.push([row, result, seconds.toFixed(1)].join('\t'));
	}
}

export interface CheckFiles {
	rows: string;
	emulatorLog: string;
	filesLog: string;
	flatted: string;
	mediaDir: string;
	/** The Symbl Trigger workflow the failed jobs' callbacks went to (B's). */
	triggerId: string;
}

const show = (value: unknown) => JSON.stringify(value);
const fileBytes = (files: CheckFiles, name: string) => readFileSync(join(files.mediaDir, name));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function expectEqual(what: string, got: unknown, wanted: unknown): void {
	if (show(got) !== show(wanted)) fail(`${what}: ${show(got)}, wanted ${show(wanted)}`);
}

/** The only execution of the workflow, which must have succeeded. */
async function onlyRun(files: CheckFiles, workflowId: string): Promise<IRunExecutionData> {
	const runs = await executions(files.rows, files.flatted, workflowId);
	if (runs.length !== 1 || runs[0].status !== 'success') {
		const error = runs[0]?.run.resultData.error?.message ?? '';
		fail(`${workflowId}: executions ${show(runs.map((r) => r.status))} ${error}`);
	}
	return runs[0].run;
}

/** The one request the emulator answered with this method and path. */
function request(requests: Upload[], method: string, path: string): Upload {
	const found = requests.filter((r) => r.method === method && r.path === path);
	if (found.length !== 1) fail(`the emulator answered ${found.length} ${method} ${path}`);
	return found[0];
}

/**
 * How the upload's job is seen to complete: the node waited for it; or a Get Job Status node read
 * it completed; or the next job of its conversation (Symbl processes them in order) completed.
 */
function completion(run: IRunExecutionData, item: Json, by: string): string {
	const [shown] = output(run, by);
	if (shown?.jobId === item.jobId && shown.status === 'completed') return 'waited: job completed';
	if (shown?.id === item.jobId && shown.status === 'completed') return `${by}: job completed`;
	if (shown?.conversationId === item.conversationId && shown.status === 'completed') {
		return `its conversation's next job (${by}) completed after it`;
	}
	fail(`job ${String(item.jobId)} not seen to complete (${by}: ${show(shown)})`);
}

interface UrlCase {
	node: string;
	method: 'POST' | 'PUT';
	kind: 'video' | 'audio';
	url: string;
	file: string;
	/** The node that shows the job completed (see completion). */
	completedBy: string;
	/** The Meeting Name option, sent in the JSON body beside the url. */
	name?: string;
	/** Append: the conversation the item must be in. */
	conversationId?: unknown;
}

/** A URL upload: the node's item, the JSON Symbl got, and the emulator's download of the file. */
function checkUrlUpload(files: CheckFiles, run: IRunExecutionData, c: UrlCase): string {
	const [item] = output(run, c.node);
	if (!item?.jobId) fail(`the node's item is ${show(item)}`);
	const completed = completion(run, item, c.completedBy);
	if (c.conversationId !== undefined && item.conversationId !== c.conversationId) {
		fail(`appended to ${show(item.conversationId)}, not ${show(c.conversationId)}`);
	}
	const path = `/v1/process/${c.kind}/url${c.method === 'PUT' ? `/${String(item.conversationId)}` : ''}`;
	const sent = emulatorRequests(files.emulatorLog).filter(
		(r) => r.method === c.method && r.path === path && r.json?.url === c.url,
	);
	// Sent as given, nothing else: a signed URL keeps its signature.
	expectEqual(
		`the ${c.method} ${path} bodies with this url`,
		sent.map((r) => r.json),
		[{ url: c.url, ...(c.name ? { name: c.name } : {}) }],
	);
	const download = emulatorDownloads(files.emulatorLog).find((d) => d.jobId === item.jobId);
	if (!download) fail(`the emulator did not download the URL of job ${String(item.jobId)}`);
	const bytes = fileBytes(files, c.file);
	expectEqual(
		'the download',
		[download.status, download.kind, download.bytes, download.bodySha256, download.error],
		[200, c.kind, bytes.length, sha256(bytes), undefined],
	);
	const signature = new URL(c.url).searchParams.get('X-Amz-Signature');
	const served = readFileSync(files.filesLog, 'utf8')
		.split('\n')
		.filter((text) => text.startsWith('{'))
		.map((text) => JSON.parse(text) as { path: string; query: Record<string, string> })
		.filter((r) => r.path === `/files/${c.file}` && r.query['X-Amz-Signature'] === signature);
	if (served.length === 0 || !served[0].query['X-Amz-Expires']) {
		fail(`the file server never served ${c.file} to its signed URL`);
	}
	return (
		`${c.method} ${path} {url} (the signed URL, intact); the emulator downloaded ${bytes.length} ` +
		`bytes (${download.contentType}, ${download.found}), sha256 = ${c.file}'s; ${completed}`
	);
}

/** A URL that gave no recording: the emulator's download of the job says why the job failed. */
function failedDownload(files: CheckFiles, jobId: unknown, status: number, found: RegExp): string {
	const download = emulatorDownloads(files.emulatorLog).find((d) => d.jobId === jobId);
	if (!download?.error || download.status !== status || !found.test(download.found)) {
		fail(`the download of job ${String(jobId)}: ${show(download)}`);
	}
	return `the emulator's download got HTTP ${download.status} (${download.found}): "${download.error}"`;
}

/** An audio file upload: the bytes of the file, with the audio Content-Type Symbl lists for it. */
function checkAudioFile(
	files: CheckFiles,
	run: IRunExecutionData,
	requests: Upload[],
	[name, method, file, contentType]: [string, 'POST' | 'PUT', string, string],
): string {
	const [item] = output(run, name);
	if (!item?.jobId) fail(`the node's item is ${show(item)}`);
	const completed = completion(run, item, 'Append Audio');
	const path = `/v1/process/audio${method === 'PUT' ? `/${String(item.conversationId)}` : ''}`;
	const sent = request(requests, method, path);
	const bytes = fileBytes(files, file);
	const { headers } = sent;
	expectEqual(
		'the upload',
		[headers['content-type'], headers['content-length'], sent.bodySha256, sent.status],
		[contentType, String(bytes.length), sha256(bytes), 201],
	);
	return `${method} ${path}, Content-Type ${contentType}, ${bytes.length} bytes, sha256 = ${file}'s (made by SoX); ${completed}`;
}

/** The upload's messages are the lines, in order, with their speakers and times. */
function checkMessages(sent: Upload, lines: Json[]): void {
	const got = ((sent.json?.messages ?? []) as Json[]).map((message) => {
		const from = (message.from ?? {}) as Json;
		const duration = (message.duration ?? {}) as Json;
		return [
			(message.payload as Json).content,
			from.name,
			from.userId,
			Date.parse(String(duration.startTime)),
			Date.parse(String(duration.endTime)),
		];
	});
	const wanted = lines.map((l) => [
		l.text,
		l.speaker,
		l.email,
		Date.parse(String(l.start)),
		Date.parse(String(l.end)),
	]);
	expectEqual('the messages', got, wanted);
}

async function checkUploads(files: CheckFiles, report: Report): Promise<void> {
	const run = await onlyRun(files, OPS.uploads.id);
	const body = run.resultData.runData.Start[0].data!.main[0]![0].json.body as Json;
	const seconds = (name: string) => nodeSeconds(run, name);
	const requests = emulatorRequests(files.emulatorLog);
	const conversationOf = (name: string) => output(run, name)[0]?.conversationId;
	const url = (field: string) => String(body[field]);

	const urlCases: Array<[string, UrlCase]> = [
		[
			'E submitVideoUrl',
			{
				node: 'Submit Video URL',
				method: 'POST',
				kind: 'video',
				url: url('videoUrl1'),
				file: MEDIA.video1,
				completedBy: 'Get Job Status',
				name: 'e2e-video-url',
			},
		],
		[
			'E appendVideoUrl',
			{
				node: 'Append Video URL',
				method: 'PUT',
				kind: 'video',
				url: url('videoUrl2'),
				file: MEDIA.video2,
				completedBy: 'Append Video URL',
				conversationId: conversationOf('Submit Video URL'),
			},
		],
		[
			'E submitAudioUrl (wav)',
			{
				node: 'Submit Audio URL',
				method: 'POST',
				kind: 'audio',
				url: url('wavUrl'),
				file: MEDIA.wav,
				completedBy: 'Get Job Status (Audio)',
				name: 'e2e-audio-url',
			},
		],
		[
			'E appendAudioUrl (mp3)',
			{
				node: 'Append Audio URL',
				method: 'PUT',
				kind: 'audio',
				url: url('mp3Url'),
				file: MEDIA.mp3,
				completedBy: 'Append Audio URL',
				conversationId: conversationOf('Submit Audio URL'),
			},
		],
	];
	for (const [row, c] of urlCases) {
		await report.check(row, seconds(c.node), () => checkUrlUpload(files, run, c));
	}

	await report.check('E job get', seconds('Get Job Status'), () => {
		const [submitted] = output(run, 'Submit Video URL');
		expectEqual('the items', output(run, 'Get Job Status'), [
			{ id: submitted.jobId, status: 'completed' },
		]);
		const polled = requests.filter((r) => r.path === `/v1/job/${String(submitted.jobId)}`);
		if (polled.length !== 1) fail(`the emulator answered ${polled.length} GET /v1/job/{jobId}`);
		return 'GET /v1/job/{jobId} → one item {id, status: "completed"} for Submit Video URL\'s job';
	});

	// Video: the node waited and says the jobs failed. Audio: B's Symbl Trigger heard they failed.
	const failedCases = [
		['e2e-video-404', 404, /^unknown data|^an empty body/],
		['e2e-video-html', 200, /^an HTML page$/],
		['e2e-audio-404', 404, /^unknown data|^an empty body/],
		['e2e-audio-html', 200, /^an HTML page$/],
	] as const;
	const downloadOf = (jobId: unknown, name: string) => {
		const [, status, found] = failedCases.find(([n]) => n === name)!;
		return failedDownload(files, jobId, status, found);
	};
	await report.check('E url 404/HTML -> failed (node)', seconds('Video URL 404/HTML'), () => {
		const items = output(run, 'Video URL 404/HTML');
		const pattern = /^Item (\d): Symbl could not process the recording \(job .+ failed\)$/;
		if (
			items.length !== 2 ||
			items.some(
				(item, index) =>
					item.status !== 'failed' || pattern.exec(String(item.error))?.[1] !== String(index),
			)
		) {
			fail(`the node's items ${show(items)}`);
		}
		const sent = requests.filter((r) => r.path === '/v1/process/video/url' && r.status === 201);
		const names = ['e2e-video-404', 'e2e-video-html'];
		return items
			.map((item, index) => {
				const upload = sent.find((r) => r.json?.name === names[index]);
				if (!upload) fail(`no upload named ${names[index]}`);
				return `${names[index]}: {status: "failed", error: "${String(item.error)}"}, ${downloadOf(item.jobId, names[index])}`;
			})
			.join('; ');
	});
	await report.check(
		'E url 404/HTML -> failed (trigger)',
		seconds('Audio URL 404/HTML (Trigger)'),
		async () => {
			const heard = (await executions(files.rows, files.flatted, files.triggerId)).flatMap((r) =>
				output(r.run, 'Symbl Trigger'),
			);
			const uploads = output(run, 'Audio URL 404/HTML (Trigger)');
			if (uploads.length !== 2) fail(`the node's items ${show(uploads)}`);
			return ['e2e-audio-404', 'e2e-audio-html']
				.map((name, index) => {
					const { jobId } = uploads[index];
					// receivedAt varies; note explains the null conversationId of a Submit's callback.
					const items = heard
						.filter((item) => item.jobId === jobId)
						.map(({ receivedAt: _, note: __, ...item }) => item);
					expectEqual(`the Symbl Trigger's items for ${name}`, items, [
						{ jobId, status: 'failed', conversationId: null, correlationKey: name },
					]);
					return `${name}: one trigger execution {status: "failed"}, ${downloadOf(jobId, name)}`;
				})
				.join('; ');
		},
	);

	const audioCases: Array<[string, [string, 'POST' | 'PUT', string, string]]> = [
		['E submitAudio (wav)', ['Submit Audio', 'POST', MEDIA.wav, 'audio/wav']],
		['E appendAudio (mp3)', ['Append Audio', 'PUT', MEDIA.mp3, 'audio/mpeg']],
	];
	for (const [row, c] of audioCases) {
		await report.check(row, seconds(c[0]), () => checkAudioFile(files, run, requests, c));
	}
	await report.check('E submitAudio refuses MP4', seconds('Audio Refuses MP4'), () => {
		const items = output(run, 'Audio Refuses MP4');
		if (items.length !== 1 || !/MP4 video/.test(String(items[0].error))) {
			fail(`the node's items ${show(items)}`);
		}
		const audio = requests.filter((r) => /^\/v1\/process\/audio(\/\d+)?$/.test(r.path));
		if (audio.length !== 2) fail(`the emulator got ${audio.length} audio file uploads, not 2`);
		return `refused before sending: "${String(items[0].error)}"; no third audio upload reached the emulator`;
	});

	await report.check(`E submitText (${TEXT_LINES} items)`, seconds('Submit Text'), () => {
		const items = output(run, 'Submit Text');
		if (items.length !== 1 || items[0].messageCount !== TEXT_LINES) {
			fail(`the node's items ${show(items)}`);
		}
		const sent = request(requests, 'POST', '/v1/process/text');
		checkMessages(sent, body.lines as Json[]);
		if (sent.json?.name !== 'e2e-text') fail(`name ${show(sent.json?.name)}`);
		return `${TEXT_LINES} items → one POST /v1/process/text, ${TEXT_LINES} messages in item order (text, speaker, email, times) → one item ${show(items[0])}; ${completion(run, items[0], 'Append Text')}`;
	});
	await report.check('E appendText', seconds('Append Text'), () => {
		const conversationId = conversationOf('Submit Text');
		const items = output(run, 'Append Text');
		if (
			items.length !== 1 ||
			items[0].status !== 'completed' ||
			items[0].conversationId !== conversationId
		) {
			fail(`the node's items ${show(items)}`);
		}
		const sent = request(requests, 'PUT', `/v1/process/text/${String(conversationId)}`);
		checkMessages(sent, body.more as Json[]);
		return `${MORE_LINES} items → one PUT /v1/process/text/{conversationId}, ${MORE_LINES} messages in order; waited: job completed`;
	});
}

/** F's expectations, per node: what its items must be, given the conversation and its two parts. */
function conversationCases(
	conversationId: unknown,
	sizes: number[],
): Array<[row: string, node: string, test: (items: Json[]) => string]> {
	const said = sizes.map(
		(bytes, index) =>
			`Recording ${index + 1} of e2e-conversation (${bytes} bytes) was transcribed.`,
	);
	const texts = (items: Json[]) => items.map((item) => item.text);
	const types = (items: Json[]) => items.map((item) => item.type);
	const notFound = (items: Json[]) => {
		if (items.length !== 1 || !/\(HTTP 404\)/.test(String(items[0].error))) {
			fail(`items ${show(items)}`);
		}
		return `an error item (Continue On Fail): "${String(items[0].error)}"`;
	};
	return [
		[
			'F get',
			'Get',
			(items) => {
				const [item] = items;
				expectEqual(
					'the item',
					[items.length, item.conversationId, item.id, item.name, (item.members as Json[]).length],
					[1, conversationId, conversationId, 'e2e-conversation', 2],
				);
				return `one item {conversationId, id, type: "${String(item.type)}", name, startTime, endTime, members (2), metadata}`;
			},
		],
		[
			'F getMessages',
			'Get Messages',
			(items) => {
				expectEqual('the texts', texts(items), said);
				if (!items.every((item) => item.sentiment)) fail('no sentiment (option Sentiment)');
				return `2 items, one per message, with sentiment: "${said[0]}", "${said[1]}"`;
			},
		],
		[
			'F getTopics',
			'Get Topics',
			(items) => {
				expectEqual(
					'the topics',
					items.map((item) => [item.text, show(item.parentRefs)]),
					[['project timeline', '[]']],
				);
				return '1 item per topic, with parentRefs (option Topic Hierarchy)';
			},
		],
		[
			'F getActionItems',
			'Get Action Items',
			(items) => {
				expectEqual('the types', types(items), ['action_item']);
				return `1 item: "${String(items[0].text)}"`;
			},
		],
		[
			'F getFollowUps',
			'Get Follow-Ups',
			(items) => {
				expectEqual('the types', types(items), ['follow_up']);
				return `1 item: "${String(items[0].text)}"`;
			},
		],
		[
			'F getQuestions',
			'Get Questions',
			(items) => {
				expectEqual('the types', types(items), ['question']);
				return `1 item: "${String(items[0].text)}"`;
			},
		],
		[
			'F getInsights',
			'Get Insights',
			(items) => {
				expectEqual('the types', types(items), ['action_item', 'question', 'follow_up']);
				return '3 items: an action item, a question, a follow-up';
			},
		],
		[
			'F getEntities',
			'Get Entities',
			(items) => {
				expectEqual(
					'the entities',
					items.map((item) => [
						item.type,
						item.customType,
						item.text,
						(item.messageRefs as Json[]).length,
					]),
					[['custom', 'Project', 'e2e-conversation', 2]],
				);
				return '1 item: the custom entity given at upload, found in both messages';
			},
		],
		[
			'F getTrackers',
			'Get Trackers',
			(items) => {
				expectEqual(
					'the trackers',
					items.map((item) => [item.name, (item.matches as Json[]).map((match) => match.value)]),
					[['Timeline', ['project timeline', 'deadline']]],
				);
				return '1 item: the tracker given at upload, with its 2 matches';
			},
		],
		[
			'F getMembers',
			'Get Members',
			(items) => {
				expectEqual(
					'the members',
					items.map((item) => item.name),
					['Speaker 1', 'Speaker 2'],
				);
				return '2 items, one per member';
			},
		],
		[
			'F getSummary',
			'Get Summary',
			(items) => {
				expectEqual('the summary', texts(items), ['A meeting in 2 part(s).']);
				return '1 item (Enable Summary at upload)';
			},
		],
		[
			'F getAnalytics',
			'Get Analytics',
			(items) => {
				expectEqual(
					'the item',
					items.map((item) => [
						item.conversationId,
						(item.metrics as Json[]).length,
						(item.members as Json[]).length,
					]),
					[[conversationId, 3, 2]],
				);
				return 'one item {conversationId, metrics (3), members (2)}';
			},
		],
		[
			'F getTranscript (markdown)',
			'Get Transcript',
			(items) => {
				const [item] = items;
				const transcript = String(item?.transcript);
				if (
					items.length !== 1 ||
					item.contentType !== 'text/markdown' ||
					!said.every((text, index) => transcript.includes(`Speaker ${index + 1}: ${text}`))
				) {
					fail(`items ${show(items)}`);
				}
				return 'one item {conversationId, contentType: "text/markdown", transcript} with both parts, speakers shown';
			},
		],
		[
			'F getTranscript (srt)',
			'Get Transcript (SRT)',
			(items) => {
				const [item] = items;
				if (
					items.length !== 1 ||
					item.contentType !== 'text/srt' ||
					!String(item.transcript).startsWith(`1\n00:00:00,000 --> 00:00:10,000\n${said[0]}`)
				) {
					fail(`items ${show(items)}`);
				}
				return 'one item {conversationId, contentType: "text/srt", transcript} of numbered subtitles';
			},
		],
		[
			'F getResults',
			'Get Results',
			(items) => {
				const [item] = items;
				const counts = Object.fromEntries(
					Object.entries(item ?? {}).map(([key, value]) => [
						key,
						Array.isArray(value) ? value.length : value,
					]),
				);
				expectEqual(
					'the parts (list lengths)',
					[items.length, counts],
					[
						1,
						{
							conversationId,
							messages: 2,
							topics: 1,
							actionItems: 1,
							followUps: 1,
							questions: 1,
							summary: 1,
							entities: 1,
							trackers: 1,
							members: 2,
						},
					],
				);
				return `one item with 9 parts: ${show(counts)}`;
			},
		],
		[
			'F delete',
			'Delete',
			(items) => {
				expectEqual('the items', items, [
					{ conversationId, deleted: true, message: 'successfully deleted the conversation' },
				]);
				return show(items[0]);
			},
		],
		['F 404 deleted', 'Get Deleted', (items) => `Get after Delete: ${notFound(items)}`],
		[
			'F 404 unknown',
			'Get Unknown',
			(items) => `Get Messages of conversation ${UNKNOWN_CONVERSATION}: ${notFound(items)}`,
		],
	];
}

async function checkConversation(files: CheckFiles, report: Report): Promise<void> {
	const run = await onlyRun(files, OPS.conversation.id);
	const [submit] = output(run, 'Submit');
	const [append] = output(run, 'Append');
	// Append waited; Symbl processes a conversation's jobs in order, so Submit's had ended too.
	if (
		!submit?.jobId ||
		append?.status !== 'completed' ||
		append.conversationId !== submit.conversationId
	) {
		fail(`F: the uploads ${show({ submit, append })}`);
	}
	const sizes = [MEDIA.video1, MEDIA.video2].map((file) => fileBytes(files, file).length);
	const requests = emulatorRequests(files.emulatorLog);
	const base = `/v1/conversations/${String(submit.conversationId)}`;
	for (const [row, name, test] of conversationCases(submit.conversationId, sizes)) {
		await report.check(row, nodeSeconds(run, name), () => test(output(run, name)));
	}
	// What was asked for reached Symbl: the options in the query, the deletion.
	for (const [method, path, query] of [
		['GET', `${base}/messages`, { sentiment: 'true' }],
		['GET', `${base}/topics`, { parentRefs: 'true' }],
		['DELETE', base, {}],
	] as const) {
		const sent = requests.filter((r) => r.method === method && r.path === path);
		if (!sent.some((r) => show(r.query) === show(query) && r.status === 200)) {
			fail(`F: the emulator got ${method} ${path} ${show(sent.map((r) => [r.query, r.status]))}`);
		}
	}
}

/**
 * Checks E (`uploads`) or F (`conversation`) and writes one row per operation to `rowsOut`
 * (`name<TAB>ok|FAIL<TAB>seconds`); fails if any check failed.
 */
export async function checkOperations(
	kind: keyof typeof OPS,
	files: CheckFiles,
	rowsOut: string,
): Promise<void> {
	const report = new Report();
	try {
		if (kind === 'uploads') await checkUploads(files, report);
		else await checkConversation(files, report);
	} finally {
		writeFileSync(rowsOut, report.rows.map((row) => `${row}\n`).join(''));
	}
	if (report.failures > 0) fail(`${report.failures} operation check(s) failed`);
}
