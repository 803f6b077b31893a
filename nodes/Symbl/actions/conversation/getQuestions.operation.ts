/** GET /v1/conversations/{conversationId}/questions → one item per question. */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'questions',
	'Questions asked in the conversation, answered or not',
);
