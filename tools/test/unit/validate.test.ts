import type { INode } from 'n8n-workflow';

import { requirePathId } from '../../../nodes/Symbl/helpers/validate';

const node = { name: 'Symbl' } as INode;

describe('requirePathId', () => {
	it.each([
		['5815170693595136', '5815170693595136'],
		['  5815170693595136 ', '5815170693595136'],
		[5815170693595, '5815170693595'],
		['9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'],
	])('accepts %j as %j', (value, expected) => {
		expect(requirePathId(node, 3, 'Conversation ID', value)).toBe(expected);
	});

	it.each(['', '  ', 'a/b', 'a?b', 'a#b', '%2e%2e', '..', '.', 'a..b', 'a b', 'a\\b'])(
		'refuses %j naming item and field',
		(value) => {
			expect(() => requirePathId(node, 3, 'Conversation ID', value)).toThrow(
				/^Item 3: "Conversation ID" /,
			);
		},
	);
});
