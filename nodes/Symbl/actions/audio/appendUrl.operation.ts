/**
 * PUT /v1/process/audio/url/{conversationId}: one more audio recording for an existing
 * conversation, downloaded by Symbl from a URL (JSON body {url, …parameters}).
 */
import { urlOperation } from '../upload/operations';

export const startsJob = true;

export const { description, prepare, execute } = urlOperation('audio', 'append');
