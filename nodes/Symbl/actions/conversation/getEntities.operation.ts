/** GET /v1/conversations/{conversationId}/entities → one item per entity (beta). */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'entities',
	'People, organisations, dates, numbers and custom entities found (upload with Detect Entities)',
);
