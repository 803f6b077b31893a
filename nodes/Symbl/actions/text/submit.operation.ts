/** POST /v1/process/text: messages from the input items start a conversation. */
import { textOperation } from './upload';

export const startsJob = true;

export const { description, prepare, execute } = textOperation('submit');
