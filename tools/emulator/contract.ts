/**
 * Symbl's documented contract, for every call and parameter the package uses: the one
 * table the emulator's behaviour comes from. docs/symbl-contract.md shows the same rows
 * (tools/test/contract checks they agree, and that the emulator answers as each row says).
 * Every row names its sources; where our digest and Symbl's docs differ, the docs win.
 */

const DOCS = 'https://docs.symbl.ai/docs';
const REPO = 'symblai/symbl-docs';

/** Where each fact comes from: a docs.symbl.ai page and the file it is built from. */
export const SOURCES = {
	auth: [
		`${DOCS}/developer-tools/authentication`,
		`${REPO}: docs/developer-tools/authentication.md`,
	],
	errors: [`${DOCS}/developer-tools/errors`, `${REPO}: docs/developer-tools/errors.md`],
	postVideo: [
		`${DOCS}/async-api/overview/video/post-video`,
		`${REPO}: docs/async-api/overview/video/post-video.md`,
	],
	putVideo: [
		`${DOCS}/async-api/overview/video/put-video`,
		`${REPO}: docs/async-api/overview/video/put-video.md`,
	],
	languages: [
		`${DOCS}/async-api/overview/async-api-supported-languages`,
		`${REPO}: docs/async-api/overview/async-api-supported-languages.md`,
	],
	jobs: [`${DOCS}/async-api/overview/jobs-api`, `${REPO}: docs/async-api/overview/jobs-api.md`],
	faq: [`${DOCS}/faq`, `${REPO}: docs/faq.md`],
	blog: [
		'https://symbl.ai/blog/receiving-job-status-updates-with-webhooks-for-symbl-ai/',
		'Symbl.ai blog, "Receiving Job Status Updates with WebHooks for Symbl.ai"',
	],
	allConversations: [
		`${DOCS}/conversation-api/all-conversations`,
		`${REPO}: docs/conversation-api/api-reference/all-conversations.md`,
	],
	// Conversation API pages read for the Conversation operations (issue 11, item 5).
	conversation: [
		`${DOCS}/conversation-api/conversation-data`,
		`${REPO}: docs/conversation-api/api-reference/conversation.md`,
	],
	analytics: [
		`${DOCS}/conversation-api/analytics`,
		`${REPO}: docs/conversation-api/api-reference/analytics.md`,
	],
	insights: [
		`${DOCS}/conversation-api/insights`,
		`${REPO}: docs/conversation-api/api-reference/insights.md`,
	],
	transcript: [
		`${DOCS}/conversation-api/transcript`,
		`${REPO}: docs/conversation-api/api-reference/transcript.md`,
	],
	deleteConversation: [
		`${DOCS}/conversation-api/delete-conversation`,
		`${REPO}: docs/conversation-api/api-reference/delete.md`,
	],
	messages: [
		`${DOCS}/conversation-api/messages`,
		`${REPO}: docs/conversation-api/api-reference/messages.md`,
	],
	topics: [
		`${DOCS}/conversation-api/get-topics`,
		`${REPO}: docs/conversation-api/api-reference/topics.md`,
	],
	actionItems: [
		`${DOCS}/conversation-api/action-items`,
		`${REPO}: docs/conversation-api/api-reference/action-items.md`,
	],
	followUps: [
		`${DOCS}/conversation-api/follow-ups`,
		`${REPO}: docs/conversation-api/api-reference/follow-ups.md`,
	],
	questions: [
		`${DOCS}/conversation-api/questions`,
		`${REPO}: docs/conversation-api/api-reference/questions.md`,
	],
	summary: [
		`${DOCS}/conversation-api/summary`,
		`${REPO}: docs/conversation-api/api-reference/summary.md`,
	],
	entities: [
		`${DOCS}/conversation-api/entities`,
		`${REPO}: docs/conversation-api/api-reference/entities.md`,
	],
	trackers: [
		`${DOCS}/conversation-api/trackers`,
		`${REPO}: docs/conversation-api/api-reference/trackers.md`,
	],
	trackersTutorial: [
		`${DOCS}/tutorials/trackers/consuming-trackers-async-api`,
		`${REPO}: docs/tutorials/trackers/consuming-trackers-async-api.md`,
	],
	members: [
		`${DOCS}/conversation-api/members`,
		`${REPO}: docs/conversation-api/api-reference/members.md`,
	],
	// Uploads from a URL, audio files and text (their rows are in the block at the end of this file).
	postVideoUrl: [
		`${DOCS}/async-api/overview/video/post-video-url`,
		`${REPO}: docs/async-api/overview/video/post-video-url.md`,
	],
	putVideoUrl: [
		`${DOCS}/async-api/overview/video/put-video-url`,
		`${REPO}: docs/async-api/overview/video/put-video-url.md`,
	],
	postAudio: [
		`${DOCS}/async-api/overview/audio/post-audio`,
		`${REPO}: docs/async-api/overview/audio/post-audio.md`,
	],
	putAudio: [
		`${DOCS}/async-api/overview/audio/put-audio`,
		`${REPO}: docs/async-api/overview/audio/put-audio.md`,
	],
	postAudioUrl: [
		`${DOCS}/async-api/overview/audio/post-audio-url`,
		`${REPO}: docs/async-api/overview/audio/post-audio-url.md`,
	],
	putAudioUrl: [
		`${DOCS}/async-api/overview/audio/put-audio-url`,
		`${REPO}: docs/async-api/overview/audio/put-audio-url.md`,
	],
	postText: [
		`${DOCS}/async-api/overview/text/post-text`,
		`${REPO}: docs/async-api/overview/text/post-text.md`,
	],
	putText: [
		`${DOCS}/async-api/overview/text/put-text`,
		`${REPO}: docs/async-api/overview/text/put-text.md`,
	],
} as const satisfies Record<string, readonly [page: string, file: string]>;

export type SourceId = keyof typeof SOURCES;

/** Concurrent Async jobs per account (FAQ): a trial account, and a paid one. */
export const TRIAL_JOB_LIMIT = 2;
export const PAID_JOB_LIMIT = 50;

/** Symbl's Async API languages (BCP-47), in the order its page lists them. */
export const LANGUAGE_CODES = [
	'en-US',
	'en-GB',
	'en-AU',
	'en-IE',
	'en-IN',
	'en-ZA',
	'ru-RU',
	'fr-CA',
	'fr-FR',
	'de-DE',
	'it-IT',
	'nl-NL',
	'ja-JP',
	'es-US',
	'es-ES',
	'ar-SA',
	'hi-IN',
	'pt-BR',
	'pt-PT',
	'fa-IR',
] as const;

/** Tracker vocabulary may hold letters, digits, spaces and only these punctuation marks. */
export const TRACKER_PUNCTUATION = ['.', "'", '-'] as const;

/** Characters a tracker phrase may not contain (anything but letters, digits, spaces and . ' -). */
export const TRACKER_PHRASE_REFUSED = /[^\p{L}\p{M}\p{N}\s.'-]/gu;

export interface CallContract {
	id: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Path template; `{…}` segments are IDs. A callback's "path" is the webhookUrl. */
	path: string;
	usedBy: string;
	request: string;
	/** The success status, then the body. */
	success: number;
	response: string;
	/** Documented error statuses the emulator answers for this call. */
	errors: number[];
	sources: SourceId[];
}

export const CALLS: CallContract[] = [
	{
		id: 'token',
		method: 'POST',
		path: '/oauth2/token:generate',
		usedBy: 'Symbl API credential (its token, and its Test button)',
		request: 'JSON `{type: "application", appId, appSecret}`',
		success: 200,
		response:
			'`{accessToken, expiresIn}` (seconds, default 86400); the same token is returned, with its remaining lifetime, until it nears expiry',
		errors: [401],
		sources: ['auth'],
	},
	{
		id: 'submitVideo',
		method: 'POST',
		path: '/v1/process/video',
		usedBy: 'Video: Submit Video',
		request:
			'raw MP4 body, `Content-Type: video/mp4`, `Authorization: Bearer <token>`; processing parameters in the query',
		success: 201,
		response: '`{conversationId, jobId}`',
		errors: [400, 401, 429],
		sources: ['postVideo', 'errors'],
	},
	{
		id: 'appendVideo',
		method: 'PUT',
		path: '/v1/process/video/{conversationId}',
		usedBy: 'Video: Append Video',
		request: 'as Submit Video; the conversation must exist',
		success: 201,
		response: '`{conversationId, jobId}`',
		errors: [400, 401, 404, 429],
		sources: ['putVideo', 'errors'],
	},
	{
		id: 'jobStatus',
		method: 'GET',
		path: '/v1/job/{jobId}',
		usedBy: 'Job: Get Status',
		request: 'bearer token',
		success: 200,
		response: '`{id, status}`; status is one of scheduled, in_progress, completed, failed',
		errors: [401, 404],
		sources: ['jobs'],
	},
	{
		id: 'callback',
		method: 'POST',
		path: '{webhookUrl}',
		usedBy: 'Symbl Trigger (Symbl calls it)',
		request:
			'JSON `{jobId, status}` on every status change of the job, and nothing else (no conversationId)',
		success: 200,
		response: 'any; the receiver should answer 200',
		errors: [],
		sources: ['putVideo', 'postVideo'],
	},
	{
		id: 'listConversations',
		method: 'GET',
		path: '/v1/conversations',
		usedBy:
			"Nothing now (the credential's Test used it until it passed on a cached token with a wrong secret); the emulator serves it",
		request: 'bearer token; optional `limit`',
		success: 200,
		response: '`{conversations: [{id, type, name, …}]}`',
		errors: [401],
		sources: ['allConversations'],
	},
	{
		id: 'conversationResult',
		method: 'GET',
		path: '/v1/conversations/{conversationId}/{result}',
		usedBy: 'Conversation: Get Results, and the list operations the results table names',
		request:
			'bearer token; `{result}` is a path from the results table; query parameters from the conversation parameters table',
		success: 200,
		response: 'the shape the results table gives for that path',
		errors: [400, 401, 404],
		sources: ['messages'],
	},
];

export type ParameterRule =
	| { kind: 'string' }
	| { kind: 'url' }
	| { kind: 'boolean' }
	| { kind: 'number'; min: number; max: number }
	| { kind: 'integer'; min: number }
	| { kind: 'enum'; values: readonly string[] }
	| { kind: 'json'; shape: 'stringList' | 'entities' | 'channelMetadata' | 'trackers' };

export interface ParameterContract {
	name: string;
	/** What Symbl accepts, as the docs say it. */
	accepts: string;
	rule: ParameterRule;
	/** A query value Symbl accepts, and values it refuses with 400. */
	valid: string;
	refused: string[];
	sources: SourceId[];
}

const bool = (name: string, sources: SourceId[] = ['postVideo', 'putVideo']) =>
	({
		name,
		accepts: '`true` or `false`',
		rule: { kind: 'boolean' },
		valid: 'true',
		refused: ['yes'],
		sources,
	}) satisfies ParameterContract;

/** The query parameters of Submit Video and Append Video (the same for both). */
export const PARAMETERS: ParameterContract[] = [
	{
		name: 'name',
		accepts: 'any text; defaults to the conversationId',
		rule: { kind: 'string' },
		valid: 'Weekly sync',
		refused: [],
		sources: ['postVideo', 'putVideo'],
	},
	{
		name: 'webhookUrl',
		accepts: 'an absolute http(s) URL that takes POST',
		rule: { kind: 'url' },
		valid: 'https://n8n.example.com/webhook/symbl',
		refused: ['not a url'],
		sources: ['postVideo', 'putVideo'],
	},
	{
		name: 'customVocabulary',
		accepts: 'JSON array of strings',
		rule: { kind: 'json', shape: 'stringList' },
		valid: '["Platform","Discussion"]',
		refused: ['Platform', '[1,2]'],
		sources: ['postVideo', 'putVideo'],
	},
	{
		name: 'confidenceThreshold',
		accepts: 'a number from 0.5 to 1.0 (default 0.5)',
		rule: { kind: 'number', min: 0.5, max: 1 },
		valid: '0.7',
		refused: ['0.3', '1.5', 'high'],
		sources: ['postVideo', 'putVideo'],
	},
	bool('detectPhrases'),
	{
		name: 'entities',
		accepts: 'JSON array of `{customType, text}` (`value` optional)',
		rule: { kind: 'json', shape: 'entities' },
		valid: '[{"customType":"Product","text":"n8n"}]',
		refused: ['[{"customType":"Product"}]', '{"customType":"Product","text":"n8n"}'],
		sources: ['postVideo', 'putVideo', 'entities'],
	},
	bool('detectEntities'),
	{
		name: 'languageCode',
		accepts: 'one of the 20 codes on the languages page (default en-US)',
		rule: { kind: 'enum', values: LANGUAGE_CODES },
		valid: 'de-DE',
		refused: ['de', 'en-us', 'xx-XX'],
		sources: ['languages'],
	},
	{
		name: 'mode',
		accepts: '`phone` or `default`',
		rule: { kind: 'enum', values: ['phone', 'default'] },
		valid: 'phone',
		refused: ['video'],
		sources: ['postVideo', 'putVideo'],
	},
	bool('enableSeparateRecognitionPerChannel'),
	{
		name: 'channelMetadata',
		accepts:
			'JSON array of `{channel, speaker: {name?, email?}}`; channel a whole number from 1, speaker required',
		rule: { kind: 'json', shape: 'channelMetadata' },
		valid: '[{"channel":1,"speaker":{"name":"Ada"}}]',
		refused: ['[{"channel":1}]', '[{"channel":0,"speaker":{"name":"Ada"}}]'],
		sources: ['postVideo', 'putVideo'],
	},
	{
		name: 'trackers',
		accepts: "JSON array of `{name, vocabulary: [phrases]}`; phrases use only . ' - as punctuation",
		rule: { kind: 'json', shape: 'trackers' },
		valid: `[{"name":"Pricing","vocabulary":["price","what's the discount"]}]`,
		refused: ['[{"name":"Pricing","vocabulary":["price?"]}]', '[{"name":"Pricing"}]'],
		sources: ['postVideo', 'putVideo', 'faq'],
	},
	bool('enableAllTrackers'),
	bool('enableSummary', ['postVideo', 'putVideo', 'summary']),
	bool('enableSpeakerDiarization'),
	{
		name: 'diarizationSpeakerCount',
		accepts: 'a whole number, at least 1',
		rule: { kind: 'integer', min: 1 },
		valid: '3',
		refused: ['0', '2.5'],
		sources: ['postVideo', 'putVideo'],
	},
];

export interface ResultContract {
	/** The list's name: the key Symbl puts it under, and the Get Results option. */
	name: string;
	/** The Conversation operation that reads this list alone. */
	operation: string;
	/** Whether Get Results offers it. */
	inGetResults: boolean;
	path: string;
	/** The key the list sits under, or null when the body is the bare list. */
	key: string | null;
	note: string;
	sources: SourceId[];
}

/** A list under the key named after it, read by "Get <label>" and by Get Results. */
const keyed = (
	name: string,
	path: string,
	label: string,
	sources: SourceId[],
	note = '',
): ResultContract => ({
	name,
	operation: `Get ${label}`,
	inGetResults: true,
	path,
	key: name,
	note,
	sources,
});

/**
 * `GET /v1/conversations/{conversationId}/{path}`: the lists Get Results reads, each also read
 * by its own operation. Every row is a list of objects; all but trackers-detected sit under a
 * key named after the list.
 */
export const RESULTS: ResultContract[] = [
	keyed('messages', 'messages', 'Messages', ['messages'], 'query: `verbose`, `sentiment`'),
	keyed(
		'topics',
		'topics',
		'Topics',
		['topics'],
		'query: `sentiment`, `parentRefs`, `customTopicVocabulary`, `refresh`',
	),
	keyed('actionItems', 'action-items', 'Action Items', ['actionItems']),
	keyed('followUps', 'follow-ups', 'Follow-Ups', ['followUps']),
	keyed('questions', 'questions', 'Questions', ['questions']),
	keyed(
		'summary',
		'summary',
		'Summary',
		['summary', 'putVideo'],
		'404 while any job of the conversation is in progress; needs `enableSummary=true` at upload (or `refresh=true` here); query: `refresh`',
	),
	keyed(
		'entities',
		'entities',
		'Entities',
		['entities', 'postVideo'],
		'only with `detectEntities=true` at upload; the emulator finds the custom `entities` given at upload in the messages: `{type: "custom", customType, value, text, messageRefs: [{id, text, offset}]}`',
	),
	{
		...keyed('trackers', 'trackers-detected', 'Trackers', ['trackers', 'trackersTutorial']),
		key: null,
		note: 'a bare array `[{id, name, matches: [{type, value, messageRefs, insightRefs}]}]`',
	},
	keyed('members', 'members', 'Members', ['members']),
	{
		...keyed('insights', 'insights', 'Insights', ['insights']),
		inGetResults: false,
		note: 'questions, action items and follow-ups in one list, each with `type` (`question`, `action_item`, `follow_up`)',
	},
];

export interface RuleContract {
	id: string;
	rule: string;
	sources: SourceId[];
}

/** Behaviour that is not one call's request or response. */
export const RULES: RuleContract[] = [
	{
		id: 'callbackStatuses',
		rule: 'A job reports scheduled, then in_progress, then completed or failed; each change is one callback',
		sources: ['postVideo', 'putVideo', 'jobs'],
	},
	{
		id: 'callbackIdAlias',
		rule: "Symbl's blog (and the docs' own sample receiver, which reads `data.id`) show the callback as `{id, status}`: receivers accept `id` as `jobId`",
		sources: ['blog', 'postVideo'],
	},
	{
		id: 'conversationOrder',
		rule: "A conversation's uploads are processed one after another, in the order received",
		sources: ['putVideo'],
	},
	{
		id: 'concurrency',
		rule: `At most ${TRIAL_JOB_LIMIT} (trial) or ${PAID_JOB_LIMIT} (paid) jobs per account are scheduled or in progress at once; one more upload is answered 429 \`{statusCode: 429, message}\``,
		sources: ['faq', 'putVideo', 'postVideo'],
	},
	{
		id: 'insightsWhenCompleted',
		rule: 'Results are incomplete until the job is completed',
		sources: ['putVideo'],
	},
	{
		id: 'tokenCache',
		rule: 'token:generate returns the cached token, with its remaining lifetime, until it is near expiry; an expired token is answered 401',
		sources: ['auth'],
	},
	{
		id: 'badInput',
		rule: 'A parameter value outside what the parameters table accepts is answered 400; so is a Content-Type other than video/mp4',
		sources: ['errors', 'putVideo'],
	},
	{
		id: 'trackerPunctuation',
		rule: "Tracker vocabulary may use only `.`, `'` and `-` as punctuation; others (`?`, `,`, `!`, `:` …) are refused",
		sources: ['faq'],
	},
];

// ─── Conversation operations (issue 11, item 5) ────────────────────────────────────────────
// Kept apart from CALLS and PARAMETERS (the uploads' tables) so that both can grow without
// touching each other. docs/symbl-contract.md renders these as tables of their own.

/** The Conversation API calls beyond the lists of the RESULTS table. */
export const CONVERSATION_CALLS: CallContract[] = [
	{
		id: 'getConversation',
		method: 'GET',
		path: '/v1/conversations/{conversationId}',
		usedBy: 'Conversation: Get',
		request: 'bearer token',
		success: 200,
		response:
			'`{id, type, name, startTime, endTime, members: [{id, name, email}], metadata}` (type defaults to `meeting`)',
		errors: [401, 404],
		sources: ['conversation'],
	},
	{
		id: 'analytics',
		method: 'GET',
		path: '/v1/conversations/{conversationId}/analytics',
		usedBy: 'Conversation: Get Analytics',
		request: 'bearer token',
		success: 200,
		response:
			'`{metrics: [{type, percent, seconds}], members: [{id, name, userId, pace: {wpm}, talkTime: {percentage, seconds}, listenTime: {percentage, seconds}, overlap: {overlapDuration, overlappingMembers}}]}`; metric types `total_silence`, `total_talk_time`, `total_overlap`',
		errors: [401, 404],
		sources: ['analytics'],
	},
	{
		id: 'transcript',
		method: 'POST',
		path: '/v1/conversations/{conversationId}/transcript',
		usedBy: 'Conversation: Get Transcript',
		request:
			'JSON body, `Content-Type: application/json`: `contentType` and the members the conversation parameters table gives',
		success: 200,
		response:
			'`{transcript: {payload, contentType}}`: for text/markdown `payload` is the Markdown text; for text/srt it is `{content: "<srt text>"}`',
		errors: [400, 401, 404],
		sources: ['transcript'],
	},
	{
		id: 'deleteConversation',
		method: 'DELETE',
		path: '/v1/conversations/{conversationId}',
		usedBy: 'Conversation: Delete',
		request: 'bearer token',
		success: 200,
		response:
			'`{message: "successfully deleted the conversation"}`; the conversation and everything derived from it are gone; an unknown ID is answered 404 `{message: "The conversationId is either invalid or does not exist."}`',
		errors: [401, 404],
		sources: ['deleteConversation'],
	},
];

export type ConversationParameterRule =
	| { kind: 'boolean' }
	| { kind: 'string' }
	| { kind: 'enum'; values: readonly string[]; required: boolean }
	/** A JSON object whose members (all optional) are true or false. */
	| { kind: 'flags'; members: readonly string[] };

export interface ConversationParameterContract {
	/** A path of the RESULTS table (query parameters), or `transcript` (JSON body members). */
	call: string;
	name: string;
	in: 'query' | 'body';
	accepts: string;
	rule: ConversationParameterRule;
	/** A value Symbl accepts and values it refuses with 400: query text, or JSON for the body. */
	valid: string;
	refused: string[];
	sources: SourceId[];
}

const flagParameter = (
	call: string,
	name: string,
	where: 'query' | 'body',
	sources: SourceId[],
): ConversationParameterContract => ({
	call,
	name,
	in: where,
	accepts: '`true` or `false`',
	rule: { kind: 'boolean' },
	valid: 'true',
	refused: where === 'query' ? ['yes'] : ['"true"'],
	sources,
});

/** What the Conversation operations send besides the conversation ID. */
export const CONVERSATION_PARAMETERS: ConversationParameterContract[] = [
	flagParameter('messages', 'verbose', 'query', ['messages']),
	flagParameter('messages', 'sentiment', 'query', ['messages']),
	flagParameter('topics', 'sentiment', 'query', ['topics']),
	flagParameter('topics', 'parentRefs', 'query', ['topics']),
	{
		call: 'topics',
		name: 'customTopicVocabulary',
		in: 'query',
		accepts: 'text: keywords the topics should contain (Labs)',
		rule: { kind: 'string' },
		valid: 'pricing, renewal',
		refused: [],
		sources: ['topics'],
	},
	flagParameter('topics', 'refresh', 'query', ['topics']),
	flagParameter('summary', 'refresh', 'query', ['summary']),
	{
		call: 'transcript',
		name: 'contentType',
		in: 'body',
		accepts: 'required: `text/markdown` or `text/srt`',
		rule: { kind: 'enum', values: ['text/markdown', 'text/srt'], required: true },
		valid: '"text/srt"',
		refused: ['"text/html"', '"markdown"'],
		sources: ['transcript'],
	},
	{
		...flagParameter('transcript', 'createParagraphs', 'body', ['transcript']),
		accepts:
			'`true` or `false`; Markdown only (with SRT Symbl takes no member but `showSpeakerSeparation`)',
	},
	{
		call: 'transcript',
		name: 'phrases',
		in: 'body',
		accepts:
			'`{highlightOnlyInsightKeyPhrases?, highlightAllKeyPhrases?}`, each `true` or `false`; Markdown only',
		rule: { kind: 'flags', members: ['highlightOnlyInsightKeyPhrases', 'highlightAllKeyPhrases'] },
		valid: '{"highlightAllKeyPhrases":true}',
		refused: ['true', '{"highlightAllKeyPhrases":"yes"}'],
		sources: ['transcript'],
	},
	flagParameter('transcript', 'showSpeakerSeparation', 'body', ['transcript']),
];

// ---------------------------------------------------------------------------------------------
// Uploads from a URL, audio files and text (issue 11, items 2-4). Their rows live in this block,
// apart from the rows above, and are added to CALLS and RULES at its end; their sources are the
// `postVideoUrl` … `putText` entries of SOURCES.
// ---------------------------------------------------------------------------------------------

/** The audio formats the Async Audio API takes (FAQ: "What audio formats … does Async Audio API support?"). */
export const AUDIO_FORMATS = [
	'mp3',
	'wav',
	'amr',
	'aac',
	'ac3',
	'aiff',
	'flac',
	'ogg',
	'opus',
	'wma',
	'm4a',
] as const;

/**
 * The Content-Type values the audio file calls accept. The header is optional: "If your audio is in
 * a format other than these, do not use this field."
 */
export const AUDIO_CONTENT_TYPES = ['audio/wav', 'audio/mpeg', 'audio/mp3', 'audio/wave'] as const;

/** The processing parameters the text calls list (the others are about speech in a recording). */
export const TEXT_PARAMETER_NAMES = [
	'name',
	'webhookUrl',
	'confidenceThreshold',
	'detectPhrases',
	'entities',
	'detectEntities',
	'trackers',
	'enableAllTrackers',
	'enableSummary',
] as const;

const JSON_BODY = 'JSON body, `Content-Type: application/json`';
const URL_BODY = `${JSON_BODY}: \`{url, …processing parameters}\`, the parameters typed as documented (booleans, numbers, arrays) and none in the query`;

/** A call that starts a job: 201 `{conversationId, jobId}`; appending (PUT) can also be a 404. */
function jobCall(
	id: string,
	method: 'POST' | 'PUT',
	path: string,
	usedBy: string,
	request: string,
	sources: SourceId[],
): CallContract {
	const errors = method === 'PUT' ? [400, 401, 404, 429] : [400, 401, 429];
	const response = '`{conversationId, jobId}`';
	return { id, method, path, usedBy, request, success: 201, response, errors, sources };
}

const APPEND = 'the conversation must exist';

export const UPLOAD_CALLS: CallContract[] = [
	jobCall(
		'submitVideoUrl',
		'POST',
		'/v1/process/video/url',
		'Video: Submit Video URL',
		`${URL_BODY}; \`url\` a public http(s) URL of an MP4 file`,
		['postVideoUrl', 'errors'],
	),
	jobCall(
		'appendVideoUrl',
		'PUT',
		'/v1/process/video/url/{conversationId}',
		'Video: Append Video URL',
		`as Submit Video URL; ${APPEND}`,
		['putVideoUrl', 'errors'],
	),
	jobCall(
		'submitAudio',
		'POST',
		'/v1/process/audio',
		'Audio: Submit Audio',
		`raw audio body (${AUDIO_FORMATS.join(', ')}) with \`Content-Length\` (mandatory); \`Content-Type\` optional, and only ${AUDIO_CONTENT_TYPES.join(', ')}; processing parameters in the query`,
		['postAudio', 'faq', 'errors'],
	),
	jobCall(
		'appendAudio',
		'PUT',
		'/v1/process/audio/{conversationId}',
		'Audio: Append Audio',
		`as Submit Audio; ${APPEND}`,
		['putAudio', 'errors'],
	),
	jobCall(
		'submitAudioUrl',
		'POST',
		'/v1/process/audio/url',
		'Audio: Submit Audio URL',
		`${URL_BODY}; \`url\` a public http(s) URL of an audio file`,
		['postAudioUrl', 'errors'],
	),
	jobCall(
		'appendAudioUrl',
		'PUT',
		'/v1/process/audio/url/{conversationId}',
		'Audio: Append Audio URL',
		`as Submit Audio URL; ${APPEND}`,
		['putAudioUrl', 'errors'],
	),
	jobCall(
		'submitText',
		'POST',
		'/v1/process/text',
		'Text: Submit Text',
		`${JSON_BODY}: \`{messages, …}\`; \`messages\` (mandatory) a list of \`{payload: {content}, from?: {name?, userId?}, duration?: {startTime?, endTime?}}\`, times ISO 8601; of the processing parameters only ${TEXT_PARAMETER_NAMES.join(', ')}, typed as in URL uploads`,
		['postText', 'errors'],
	),
	jobCall(
		'appendText',
		'PUT',
		'/v1/process/text/{conversationId}',
		'Text: Append Text',
		`as Submit Text; ${APPEND}`,
		['putText', 'errors'],
	),
];

export const UPLOAD_RULES: RuleContract[] = [
	{
		id: 'urlSource',
		rule: 'The `url` of a URL upload must be publicly accessible; redirected links, shortened links (bit.ly), YouTube, Vimeo and other audio/video platforms are not supported',
		sources: ['postVideoUrl', 'postAudioUrl'],
	},
	{
		id: 'urlDownload',
		rule: 'Symbl answers a URL upload 201 with a job and downloads the `url` itself while the job runs. The docs do not say what happens when that download gives no recording (an error status, an HTML page, a redirect): the job ends `failed`, the last status the Job API and the callbacks document. The emulator downloads from loopback addresses only',
		sources: ['postVideoUrl', 'postAudioUrl', 'jobs'],
	},
	{
		id: 'jsonBodyParameters',
		rule: "URL and text uploads carry the processing parameters in the JSON body with their documented types; a value of another type, or outside the parameters table, is answered 400. An empty `webhookUrl` (as the docs' example bodies send it) is no webhook",
		sources: ['postVideoUrl', 'postAudioUrl', 'postText', 'errors'],
	},
	{
		id: 'audioContentType',
		rule: `Audio files may be sent without a Content-Type; one other than ${AUDIO_CONTENT_TYPES.join(', ')} is answered 400, and so is a body without Content-Length`,
		sources: ['postAudio', 'putAudio'],
	},
	{
		id: 'textMessages',
		rule: 'A text upload needs at least one message, each with a non-empty `payload.content`; `from` and `duration` are optional; processing parameters the text calls do not list are ignored',
		sources: ['postText', 'putText'],
	},
];

CALLS.push(...UPLOAD_CALLS);
RULES.push(...UPLOAD_RULES);
