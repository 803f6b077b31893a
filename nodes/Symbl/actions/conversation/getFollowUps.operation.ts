/** GET /v1/conversations/{conversationId}/follow-ups → one item per follow-up. */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'followUps',
	'Things to follow up on after the conversation, such as a call to schedule',
);
