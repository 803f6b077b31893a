/**
 * GET /v1/conversations/{conversationId}/analytics (beta) → one item {conversationId, metrics,
 * members}: two lists of different things (silence, talk time, overlap; each speaker's pace,
 * talk and listen time), so it is not split.
 */
import { conversationOperation, readObject } from './conversationOperation';

export const { option, description, prepare, execute } = conversationOperation({
	value: 'getAnalytics',
	name: 'Get Analytics',
	action: 'Get the talk-time analytics of a conversation',
	description: "Talk time, silence and overlap, and each speaker's pace, talk and listen time",
	run: readObject('analytics'),
});
