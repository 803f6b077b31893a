/**
 * The Conversation API's lists, as the contract table's `listConversations` and
 * `conversationResult` rows and its RESULTS table say: each result under the key the
 * table gives (trackers-detected as a bare array), built only from recordings whose job
 * completed; the summary is 404 until it can exist. Query parameters are checked against
 * CONVERSATION_PARAMETERS and change the answer as documented (verbose adds words, sentiment
 * adds sentiment, parentRefs adds parent references). The contents are canned.
 */
import { RESULTS } from './contract';
import { checkListQuery } from './conversationParameters';
import type { Reply } from './http';
import { HttpError } from './http';
import type { Conversation, EmulatorState } from './model';

type Query = Record<string, string | string[]>;

export function listConversations(state: EmulatorState): Reply {
	const conversations = [...state.conversations.values()].map(({ id, name }) => ({
		id,
		type: 'meeting',
		name: name ?? id,
	}));
	return { status: 200, body: { conversations } };
}

/** The conversation, or 404 as Symbl words it. */
export function findConversation(state: EmulatorState, conversationId: string): Conversation {
	const conversation = state.conversations.get(conversationId);
	if (!conversation) throw new HttpError(404, `Conversation ${conversationId} not found`);
	return conversation;
}

export function conversationResult(
	state: EmulatorState,
	conversationId: string,
	path: string,
	query: Query,
): Reply {
	const conversation = findConversation(state, conversationId);
	const result = RESULTS.find((candidate) => candidate.path === path);
	if (!result) throw new HttpError(404, `Unknown conversation resource "${path}"`);
	checkListQuery(path, query);
	if (result.path === 'summary') assertSummaryReady(state, conversation, query);
	const list = resultList(conversation, result.path, query);
	if (result.key === null) {
		const wrapped = result.path === 'trackers-detected' && state.options.trackersDetectedAsObject;
		return { status: 200, body: wrapped ? { trackers: list } : list };
	}
	return { status: 200, body: { [result.key]: list } };
}

/** Summary: 404 while a job is unfinished, and unless it was asked for (or is refreshed). */
function assertSummaryReady(state: EmulatorState, conversation: Conversation, query: Query): void {
	const unfinished = conversation.jobIds.some((id) => {
		const status = state.jobs.get(id)?.status;
		return status === 'scheduled' || status === 'in_progress';
	});
	if (unfinished || conversation.completedRecordings.length === 0) {
		throw new HttpError(404, 'The summary is not ready: the conversation is still being processed');
	}
	if (!conversation.summaryEnabled && query.refresh !== 'true') {
		throw new HttpError(
			404,
			'No summary: upload with enableSummary=true, or ask for one with refresh=true',
		);
	}
}

/** One speaker per completed recording. */
export function cannedMembers(conversation: Conversation) {
	return conversation.completedRecordings.map((_bytes, index) => ({
		id: `member-${index + 1}`,
		name: `Speaker ${index + 1}`,
		email: `speaker${index + 1}@example.com`,
	}));
}

/** One message per completed recording, 30 minutes apart, each 10 seconds long. */
export function cannedMessages(conversation: Conversation) {
	const members = cannedMembers(conversation);
	return conversation.completedRecordings.map((bytes, index) => {
		const start = Date.UTC(2026, 0, 1, 10, index * 30);
		return {
			id: `msg-${index + 1}`,
			text: `Recording ${index + 1} of ${conversation.name ?? conversation.id} (${bytes} bytes) was transcribed.`,
			from: { name: members[index].name, email: members[index].email },
			startTime: new Date(start).toISOString(),
			endTime: new Date(start + 10_000).toISOString(),
			timeOffset: index * 1800,
			duration: 10,
			conversationId: conversation.id,
		};
	});
}

/**
 * The custom entities found in the (canned) messages, as the entities page shows a custom entity:
 * `{type: "custom", customType, value, text, messageRefs: [{id, text, offset}]}`.
 */
function entitiesFor(conversation: Conversation) {
	const messages = cannedMessages(conversation);
	return conversation.entities
		.map(({ customType, text, value }) => ({
			type: 'custom',
			customType,
			value: (value ?? text).toLowerCase(),
			text,
			messageRefs: messages
				.filter((message) => message.text.toLowerCase().includes(text.toLowerCase()))
				.map((message) => ({
					id: message.id,
					text: message.text,
					offset: message.text.toLowerCase().indexOf(text.toLowerCase()),
				})),
		}))
		.filter((entity) => entity.messageRefs.length > 0);
}

const SENTIMENT = { polarity: { score: 0.6 }, suggested: 'positive' };

/** `sentiment=true` adds Symbl's sentiment object to each entry. */
const withSentiment = <T extends object>(entries: T[], query: Query) =>
	query.sentiment === 'true'
		? entries.map((entry) => ({ ...entry, sentiment: SENTIMENT }))
		: entries;

function messagesFor(conversation: Conversation, query: Query) {
	const messages = cannedMessages(conversation).map((message) =>
		query.verbose === 'true'
			? {
					...message,
					words: message.text.split(' ').map((word, index) => ({
						word,
						startTime: message.startTime,
						endTime: message.endTime,
						score: 0.9,
						timeOffset: message.timeOffset + index * 0.5,
						duration: 0.5,
					})),
				}
			: message,
	);
	return withSentiment(messages, query);
}

function topicsFor(query: Query) {
	const vocabulary = [query.customTopicVocabulary ?? []]
		.flat()
		.flatMap((value) => value.split(','))
		.map((word) => word.trim())
		.filter((word) => word !== '');
	const texts = ['project timeline', ...vocabulary];
	const topics = texts.map((text, index) => ({
		id: `topic-${index + 1}`,
		text,
		type: 'topic',
		score: 0.8,
		messageIds: ['msg-1'],
		...(query.parentRefs === 'true'
			? { parentRefs: index === 0 ? [] : [{ type: 'topic', text: texts[0] }] }
			: {}),
	}));
	return withSentiment(topics, query);
}

const ACTION_ITEM = {
	id: 'action-1',
	text: 'Send the summary to the team.',
	type: 'action_item',
	assignee: { name: 'Speaker 1' },
};
const FOLLOW_UP = { id: 'follow-1', text: 'Check in next week.', type: 'follow_up' };
const QUESTION = { id: 'question-1', text: 'Who owns the launch?', type: 'question' };

function resultList(conversation: Conversation, path: string, query: Query): unknown[] {
	const done = conversation.completedRecordings;
	if (done.length === 0) return [];
	const firstMessage = { id: 'msg-1', text: cannedMessages(conversation)[0].text, offset: -1 };
	switch (path) {
		case 'messages':
			return messagesFor(conversation, query);
		case 'topics':
			return topicsFor(query);
		case 'action-items':
			return [ACTION_ITEM];
		case 'follow-ups':
			return [FOLLOW_UP];
		case 'questions':
			return [QUESTION];
		case 'insights':
			return [ACTION_ITEM, QUESTION, FOLLOW_UP];
		case 'summary':
			return [{ id: 'summary-1', text: `A meeting in ${done.length} part(s).` }];
		case 'members':
			return cannedMembers(conversation);
		case 'entities':
			return entitiesFor(conversation);
		case 'trackers-detected':
			return conversation.trackers.map((tracker, index) => ({
				id: `tracker-${index + 1}`,
				name: tracker.name,
				matches: tracker.vocabulary.map((value) => ({
					type: 'vocabulary',
					value,
					messageRefs: [firstMessage],
					insightRefs: [],
				})),
			}));
		default:
			return [];
	}
}
