/** GET /v1/conversations/{conversationId}/messages?verbose&sentiment → one item per message. */
import { booleanParameter } from './conversationOperation';
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'messages',
	'The transcript: one message per sentence, with speaker and times',
	[
		booleanParameter(
			'verbose',
			'Verbose',
			'Whether Symbl adds each word with its timestamps and confidence score (words) to every message',
		),
		booleanParameter(
			'sentiment',
			'Sentiment',
			'Whether Symbl adds its sentiment analysis (polarity score, suggested positive, neutral or negative) to every message (beta)',
		),
	],
	'Get the transcript of a conversation as messages with speakers and times',
);
