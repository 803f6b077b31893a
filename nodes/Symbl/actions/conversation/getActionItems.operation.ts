/** GET /v1/conversations/{conversationId}/action-items → one item per action item. */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'actionItems',
	'Tasks someone in the conversation committed to, with assignee and due date',
);
