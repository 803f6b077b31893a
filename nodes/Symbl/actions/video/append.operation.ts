/**
 * PUT /v1/process/video/{conversationId}: one more video recording for an existing conversation
 * (raw file, parameters in the query).
 */
import { fileOperation } from '../upload/operations';

export const startsJob = true;

export const { description, prepare, execute } = fileOperation('video', 'append');
