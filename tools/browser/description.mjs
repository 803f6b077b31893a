// What the editor should show, read from the node's own description in the build that the dev n8n
// runs (dist/, built from nodes/ by tools/scripts/dev.sh): the test follows the code, no list of
// field names is typed here.
import { createRequire } from 'node:module';
import path from 'node:path';

/** The built Symbl node's description and its processing parameters table. */
export function loadDescription(root) {
	const require = createRequire(path.join(root, 'package.json'));
	const { Symbl } = require('./dist/nodes/Symbl/Symbl.node.js');
	const { PROCESSING_PARAMETERS } = require('./dist/nodes/Symbl/actions/processingParameters.js');
	return {
		properties: new Symbl().description.properties,
		processingParameters: PROCESSING_PARAMETERS,
	};
}

/** The node-level properties shown for this resource and operation (by their displayOptions). */
export function operationProperties(properties, resource, operation) {
	return properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return show.resource?.includes(resource) && show.operation?.includes(operation);
	});
}

/**
 * n8n's rule for showing a parameter, for the plain displayOptions this package uses: every `show`
 * key has one of its listed values, no `hide` key does. `values` are the parameter's siblings (the
 * node's parameters, or an Options collection's values). Anything else is refused, so a new kind
 * of condition in the description cannot be silently misread.
 */
export function isShown(property, values) {
	const { show = {}, hide = {}, ...rest } = property.displayOptions ?? {};
	if (Object.keys(rest).length) throw new Error(`${property.name}: unsupported displayOptions`);
	const plain = (allowed) =>
		Array.isArray(allowed) && allowed.every((value) => value === null || typeof value !== 'object');
	for (const [key, allowed] of Object.entries({ ...show, ...hide })) {
		if (key.startsWith('/') || !plain(allowed))
			throw new Error(`${property.name}: unsupported displayOptions condition on "${key}"`);
	}
	return (
		Object.entries(show).every(([key, allowed]) => allowed.includes(values[key])) &&
		!Object.entries(hide).some(([key, hidden]) => hidden.includes(values[key]))
	);
}

/** Append Video's Options collection and its Wait for Completion fields. */
export function appendVideoFields(description) {
	const fields = operationProperties(description.properties, 'video', 'append');
	const options = fields.find((field) => field.name === 'options' && field.type === 'collection');
	const wait = fields.find((field) => field.name === 'waitForCompletion');
	if (!options || !wait) throw new Error('Append Video has no Options collection or Wait field');
	const waitSettings = fields.filter((field) =>
		Object.keys(field.displayOptions?.show ?? {}).includes('waitForCompletion'),
	);
	const missing = description.processingParameters
		.map(({ name }) => name)
		.filter((name) => !options.options.some((option) => option.name === name));
	if (missing.length) throw new Error(`Append Video's Options lack ${missing.join(', ')}`);
	return { options: options.options, wait, waitSettings };
}
