/**
 * GET /v1/conversations/{conversationId}/topics?sentiment&parentRefs&customTopicVocabulary&refresh
 * → one item per topic.
 */
import { text } from '../processingParameters';
import { booleanParameter } from './conversationOperation';
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'topics',
	'The topics discussed, with their scores',
	[
		{
			name: 'customTopicVocabulary',
			field: {
				displayName: 'Custom Topic Vocabulary',
				type: 'string',
				default: '',
				placeholder: 'pricing, renewal',
				description:
					'Keywords the topics should contain (Symbl Labs); sent as typed, as one text value',
			},
			read: text,
		},
		booleanParameter(
			'parentRefs',
			'Topic Hierarchy (Parent Refs)',
			'Whether Symbl names the parent topic of each topic (parentRefs, beta). Symbl does not give sentiment together with it.',
		),
		booleanParameter(
			'refresh',
			'Refresh',
			'Whether Symbl builds the topics again, replacing the previous ones, for example after an append',
		),
		booleanParameter(
			'sentiment',
			'Sentiment',
			'Whether Symbl adds its sentiment analysis (polarity score, suggested positive, neutral or negative) to every topic (beta)',
		),
	],
);
