/**
 * One conversation as a whole, as the contract's CONVERSATION_CALLS say: its metadata
 * (`GET /v1/conversations/{id}`), its analytics, its formatted transcript (`POST …/transcript`,
 * body checked against CONVERSATION_PARAMETERS) and its deletion. Contents are canned, built
 * from the recordings whose job completed (see results.ts).
 */
import type { Reply } from './http';
import { HttpError } from './http';
import { checkBody } from './conversationParameters';
import type { EmulatorState } from './model';
import { cannedMembers, cannedMessages, findConversation } from './results';

export function getConversation(state: EmulatorState, conversationId: string): Reply {
	const conversation = findConversation(state, conversationId);
	const messages = cannedMessages(conversation);
	return {
		status: 200,
		body: {
			id: conversation.id,
			type: 'meeting',
			name: conversation.name ?? conversation.id,
			...(messages.length > 0
				? { startTime: messages[0].startTime, endTime: messages.at(-1)!.endTime }
				: {}),
			members: cannedMembers(conversation),
			metadata: {},
		},
	};
}

export function analytics(state: EmulatorState, conversationId: string): Reply {
	const conversation = findConversation(state, conversationId);
	const members = cannedMembers(conversation);
	const talkSeconds = members.length * 10;
	const share = members.length > 0 ? 100 / members.length : 0;
	return {
		status: 200,
		body: {
			metrics: [
				{ type: 'total_silence', percent: 0, seconds: 0 },
				{ type: 'total_talk_time', percent: 100, seconds: talkSeconds },
				{ type: 'total_overlap', percent: 0, seconds: 0 },
			],
			members: members.map(({ id, name, email }) => ({
				id,
				name,
				userId: email,
				pace: { wpm: 120 },
				talkTime: { percentage: share, seconds: 10 },
				listenTime: { percentage: 100 - share, seconds: talkSeconds - 10 },
				overlap: {},
			})),
		},
	};
}

/** `00:30:00,000`: an SRT timestamp. */
function srtTime(seconds: number): string {
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	const whole = Math.floor(seconds);
	const millis = Math.round((seconds - whole) * 1000);
	return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)},${pad(millis, 3)}`;
}

export function transcript(
	state: EmulatorState,
	conversationId: string,
	body: Record<string, unknown>,
): Reply {
	const conversation = findConversation(state, conversationId);
	checkBody('transcript', body);
	const messages = cannedMessages(conversation);
	const line = (message: (typeof messages)[number]) =>
		body.showSpeakerSeparation === true ? `${message.from.name}: ${message.text}` : message.text;
	if (body.contentType === 'text/srt') {
		const content = messages
			.map(
				(message, index) =>
					`${index + 1}\n${srtTime(message.timeOffset)} --> ${srtTime(message.timeOffset + message.duration)}\n${line(message)}`,
			)
			.join('\n\n');
		return { status: 200, body: { transcript: { payload: { content }, contentType: 'text/srt' } } };
	}
	const payload = messages.map((message) => `${line(message)}<br/><br/>`).join('');
	return { status: 200, body: { transcript: { payload, contentType: 'text/markdown' } } };
}

export function deleteConversation(state: EmulatorState, conversationId: string): Reply {
	if (!state.conversations.delete(conversationId)) {
		throw new HttpError(404, 'The conversationId is either invalid or does not exist.');
	}
	return { status: 200, body: { message: 'successfully deleted the conversation' } };
}
