/**
 * GET /v1/conversations/{conversationId}/trackers-detected → one item per tracker detected.
 * Symbl answers a bare array; `{trackers: […]}` is read too.
 */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'trackers',
	'The trackers detected (beta), each with the phrases that matched',
	[],
	'Get the trackers detected in a conversation',
);
