/**
 * POST /v1/process/video: the first video recording, which creates a conversation (raw file,
 * parameters in the query).
 */
import { fileOperation } from '../upload/operations';

export const startsJob = true;

export const { description, prepare, execute } = fileOperation('video', 'submit');
