/**
 * The Conversation API, as the contract table's `listConversations` and
 * `conversationResult` rows and its RESULTS table say: each result under the key the
 * table gives (trackers-detected as a bare array), built only from recordings whose job
 * completed; the summary is 404 until it can exist. The contents are canned.
 */
import { RESULTS } from './contract';
import type { Reply } from './http';
import { HttpError } from './http';
import type { Conversation, EmulatorState } from './model';

export function listConversations(state: EmulatorState): Reply {
	const conversations = [...state.conversations.values()].map(({ id, name }) => ({
		id,
		type: 'meeting',
		name: name ?? id,
	}));
	return { status: 200, body: { conversations } };
}

export function conversationResult(
	state: EmulatorState,
	conversationId: string,
	path: string,
	query: Record<string, string | string[]>,
): Reply {
	const conversation = state.conversations.get(conversationId);
	if (!conversation) throw new HttpError(404, `Conversation ${conversationId} not found`);
	const result = RESULTS.find((candidate) => candidate.path === path);
	if (!result) throw new HttpError(404, `Unknown conversation resource "${path}"`);
	if (result.path === 'summary') assertSummaryReady(state, conversation, query);
	const list = resultList(conversation, result.path);
	if (result.key === null) {
		const wrapped = result.path === 'trackers-detected' && state.options.trackersDetectedAsObject;
		return { status: 200, body: wrapped ? { trackers: list } : list };
	}
	return { status: 200, body: { [result.key]: list } };
}

/** Summary: 404 while a job is unfinished, and unless it was asked for (or is refreshed). */
function assertSummaryReady(
	state: EmulatorState,
	conversation: Conversation,
	query: Record<string, string | string[]>,
): void {
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

function resultList(conversation: Conversation, path: string): unknown[] {
	const done = conversation.completedRecordings;
	const messages = done.map((bytes, index) => ({
		id: `msg-${index + 1}`,
		text: `Recording ${index + 1} of ${conversation.name ?? conversation.id} (${bytes} bytes) was transcribed.`,
		from: { name: `Speaker ${index + 1}` },
		startTime: new Date(Date.UTC(2026, 0, 1, 10, index * 30)).toISOString(),
	}));
	if (messages.length === 0) return [];
	const firstMessage = { id: messages[0].id, text: messages[0].text, offset: -1 };
	switch (path) {
		case 'messages':
			return messages;
		case 'topics':
			return [{ id: 'topic-1', text: 'project timeline', score: 0.8 }];
		case 'action-items':
			return [
				{ id: 'action-1', text: 'Send the summary to the team.', assignee: { name: 'Speaker 1' } },
			];
		case 'follow-ups':
			return [{ id: 'follow-1', text: 'Check in next week.' }];
		case 'questions':
			return [{ id: 'question-1', text: 'Who owns the launch?' }];
		case 'summary':
			return [{ id: 'summary-1', text: `A meeting in ${done.length} part(s).` }];
		case 'members':
			return messages.map((message) => ({ name: message.from.name }));
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
