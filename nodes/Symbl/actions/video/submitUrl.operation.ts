/**
 * POST /v1/process/video/url: the first video recording, downloaded by Symbl from a URL; creates a
 * conversation (JSON body {url, …parameters}).
 */
import { urlOperation } from '../upload/operations';

export const startsJob = true;

export const { description, prepare, execute } = urlOperation('video', 'submit');
