import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as deleteConversation from './delete.operation';
import * as get from './get.operation';
import * as getActionItems from './getActionItems.operation';
import * as getAnalytics from './getAnalytics.operation';
import * as getEntities from './getEntities.operation';
import * as getFollowUps from './getFollowUps.operation';
import * as getInsights from './getInsights.operation';
import * as getMembers from './getMembers.operation';
import * as getMessages from './getMessages.operation';
import * as getQuestions from './getQuestions.operation';
import * as getResults from './getResults.operation';
import * as getSummary from './getSummary.operation';
import * as getTopics from './getTopics.operation';
import * as getTrackers from './getTrackers.operation';
import * as getTranscript from './getTranscript.operation';

/** Every Conversation operation, in the order the Operation selector lists them (by name). */
const MODULES = [
	deleteConversation,
	get,
	getActionItems,
	getAnalytics,
	getEntities,
	getFollowUps,
	getInsights,
	getMembers,
	getMessages,
	getQuestions,
	getResults,
	getSummary,
	getTopics,
	getTrackers,
	getTranscript,
].sort((a, b) => a.option.name.localeCompare(b.option.name));

/** The router's map: operation value → its module. */
export const operations = Object.fromEntries(
	MODULES.map((module) => [module.option.value, module]),
);

export const description: INodeProperties[] = [
	// Get Results stays the default: a saved workflow that never changed the operation relies on it.
	...operationField(
		'conversation',
		MODULES.map((module) => module.option),
		'getResults',
	),
	...MODULES.flatMap((module) => module.description),
];
