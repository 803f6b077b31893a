/**
 * POST /v1/process/audio/url: the first audio recording, downloaded by Symbl from a URL; creates a
 * conversation (JSON body {url, …parameters}).
 */
import { urlOperation } from '../upload/operations';

export const startsJob = true;

export const { description, prepare, execute } = urlOperation('audio', 'submit');
