/**
 * The Conversation API: `GET /v1/conversations` and `GET /v1/conversations/{id}/{resource}`.
 * Canned results shaped like Symbl's: one transcript message per completed recording.
 */
import type { Reply } from './http';
import { HttpError } from './http';
import type { Conversation, EmulatorState } from './model';

export function listConversations(state: EmulatorState): Reply {
	return {
		status: 200,
		body: {
			conversations: [...state.conversations.values()].map(({ id, name }) => ({ id, name })),
		},
	};
}

export function conversationResource(
	state: EmulatorState,
	conversationId: string,
	resource?: string,
): Reply {
	const conversation = state.conversations.get(conversationId);
	if (!conversation) throw new HttpError(404, `Conversation ${conversationId} not found`);
	return { status: 200, body: conversationResults(conversation, resource) };
}

function conversationResults(conversation: Conversation, resource?: string): unknown {
	const done = conversation.completedRecordings;
	const messages = done.map((bytes, index) => ({
		id: `msg-${index + 1}`,
		text: `Recording ${index + 1} of ${conversation.name ?? conversation.id} (${bytes} bytes) was transcribed.`,
		from: { name: `Speaker ${index + 1}` },
		startTime: new Date(Date.UTC(2026, 0, 1, 10, index * 30)).toISOString(),
	}));
	const hasTranscript = messages.length > 0;
	switch (resource) {
		case undefined:
			return {
				id: conversation.id,
				name: conversation.name ?? conversation.id,
				type: 'meeting',
				jobs: conversation.jobIds.length,
			};
		case 'messages':
			return { messages };
		case 'topics':
			return {
				topics: hasTranscript ? [{ id: 'topic-1', text: 'project timeline', score: 0.8 }] : [],
			};
		case 'action-items':
			return {
				actionItems: hasTranscript
					? [
							{
								id: 'action-1',
								text: 'Send the summary to the team.',
								assignee: { name: 'Speaker 1' },
							},
						]
					: [],
			};
		case 'follow-ups':
			return { followUps: hasTranscript ? [{ id: 'follow-1', text: 'Check in next week.' }] : [] };
		case 'questions':
			return {
				questions: hasTranscript ? [{ id: 'question-1', text: 'Who owns the launch?' }] : [],
			};
		case 'summary':
			return {
				summary: hasTranscript
					? [{ id: 'summary-1', text: `A meeting in ${done.length} part(s).` }]
					: [],
			};
		case 'analytics':
			return { metrics: [{ type: 'total_talk_time', seconds: done.length * 1800 }], members: [] };
		case 'members':
			return { members: messages.map((message) => ({ name: message.from.name })) };
		case 'entities':
			return { entities: [] };
		case 'insights':
			return { insights: [] };
		case 'trackers-detected':
			return { trackers: [] };
		default:
			throw new HttpError(404, `Unknown conversation resource "${resource}"`);
	}
}
