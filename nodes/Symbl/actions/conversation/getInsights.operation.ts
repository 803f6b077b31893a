/** GET /v1/conversations/{conversationId}/insights → one item per insight. */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'insights',
	'Questions, action items and follow-ups in one list, each with its type',
	[],
	'Get the questions, action items and follow-ups of a conversation',
);
