/** PUT /v1/process/text/{conversationId}: messages from the input items extend a conversation. */
import { textOperation } from './upload';

export const startsJob = true;

export const { description, prepare, execute } = textOperation('append');
