/** GET /v1/conversations/{conversationId}/summary?refresh → one item per part of the summary. */
import { booleanParameter } from './conversationOperation';
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'summary',
	'A summary of the conversation (alpha): upload with Enable Summary, or use the Refresh option',
	[
		booleanParameter(
			'refresh',
			'Refresh',
			'Whether Symbl builds the summary again, replacing the previous one: for new messages, or for a conversation uploaded without Enable Summary. While a job of the conversation runs, Symbl answers 404.',
		),
	],
);
