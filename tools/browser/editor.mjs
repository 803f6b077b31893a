// n8n 2.40.7's editor as the browser test drives it: every selector in one place. They are n8n's
// own data-test-id attributes (the ones n8n's Playwright tests use), read off the editor's DOM.
//
// Issue markers, as n8n 2.40.7 draws them:
//   canvas  [data-test-id=canvas-node] holds [data-test-id=node-issues] when the node has issues
//           (validation: icon "node-validation-error"; after a failed run: an error status icon).
//           Hovering it shows a tooltip [data-test-id=tooltip-content] titled "Issues:" with one
//           li.titled-list-item per issue (n8n's texts: 'Parameter "X" is required.', 'Credentials
//           for X are not set.', 'Credentials with name N do not exist for X.', …).
//           [data-test-id=node-not-installed] replaces it when n8n does not know the node type.
//   panel   a parameter with an issue has [data-test-id=parameter-issues] (a triangle) inside its
//           [data-test-id=parameter-input-NAME]; the credential selector
//           [data-test-id=node-credentials-select] gets a hasIssues class (CSS-module name) instead.

export const sel = {
	canvasNode: '[data-test-id=canvas-node]',
	canvasReady: '[data-test-id=canvas-add-button], [data-test-id=canvas-node]',
	nodeIssues: '[data-test-id=node-issues]',
	nodeNotInstalled: '[data-test-id=node-not-installed]',
	tooltip: '[data-test-id=tooltip-content]',
	importInput: '[data-test-id=workflow-import-input]',
	ndv: '[data-test-id=ndv]',
	ndvParameters: '[data-test-id=ndv] [data-test-id=node-parameters]',
	ndvClose: '[data-test-id=ndv-close-button]',
	parameterIssues: '[data-test-id=parameter-issues]',
	credentialsSelect: '[data-test-id=node-credentials-select]',
	addOption: '[data-test-id=collection-parameter-add] input',
	addOptionItem: '[data-test-id=collection-parameter-option]',
	selectItem: '[data-test-id=parameter-input-item]',
	fixedCollectionAdd: '[data-test-id=fixed-collection-add]',
	executeWorkflow: '[data-test-id=execute-workflow-button]',
	triggerExecute: '[data-test-id=trigger-execute-button]',
	triggerListening: '[data-test-id=trigger-listening]',
	outputPanel: '[data-test-id=output-panel]',
	webhookTestUrl: '[data-test-id=radio-button-test]',
	webhookProductionUrl: '[data-test-id=radio-button-production]',
	webhookUrl: '.webhooks .webhook-url',
	credentialModal: '[data-test-id=editCredential-modal]',
	credentialSave: '[data-test-id=credential-save-button]',
	credentialTestSuccess: '[data-test-id=credentials-config-container-test-success]',
};

/** A parameter's input (or fixed collection) in the open panel, by the parameter's name. */
export const parameter = (page, name) =>
	page.locator(
		`${sel.ndv} [data-test-id="parameter-input-${name}"], ${sel.ndv} [data-test-id="fixed-collection-${name}"]`,
	);

export const canvasNode = (page, name) =>
	page.locator(`${sel.canvasNode}[data-node-name="${name.replaceAll('"', '\\"')}"]`);

export async function login(page, base, email, password) {
	await page.goto(`${base}/signin`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Waits until the canvas shows exactly `count` nodes. */
export async function waitForCanvasNodes(page, count) {
	await page.waitForFunction(
		([selector, n]) => document.querySelectorAll(selector).length === n,
		[sel.canvasNode, count],
	);
}

/** The issues listed in the tooltip of a canvas node's issue marker (hovering it). */
export async function canvasNodeIssues(page, name) {
	const marker = canvasNode(page, name).locator(sel.nodeIssues);
	if (!(await marker.count())) return [];
	await page.mouse.move(0, 0);
	await marker.hover();
	const tooltip = page.locator(sel.tooltip).filter({ hasText: 'Issues:' }).last();
	await tooltip.waitFor();
	const items = await tooltip.locator('li').allInnerTexts();
	await page.mouse.move(0, 0);
	return items.map((item) => item.trim());
}

/** Opens a node's panel from the canvas (double-click), waiting until its parameters render. */
export async function openNode(page, name) {
	await canvasNode(page, name).dblclick();
	await page.locator(sel.ndvParameters).waitFor();
}

export async function closeNode(page) {
	await page.locator(sel.ndvClose).click();
	await page.locator(sel.ndv).waitFor({ state: 'hidden' });
}

/**
 * The open panel's issue markers: one entry per marked parameter (its name, from the
 * parameter-input-NAME around the marker) and 'credentials' for a flagged credential selector.
 */
export async function panelIssues(page) {
	const parameters = await page
		.locator(`${sel.ndv} ${sel.parameterIssues}`)
		.evaluateAll((markers) =>
			markers.map((marker) => {
				for (let el = marker; el; el = el.parentElement) {
					const id = el.getAttribute('data-test-id') ?? '';
					if (id === 'node-credentials-slot') return 'credentials';
					const match = /^parameter-input-(?!field$)(.+)$/.exec(id);
					if (match) return match[1];
				}
				return 'unknown parameter';
			}),
		);
	const credentials = await page
		.locator(`${sel.ndv} ${sel.credentialsSelect}`)
		.evaluateAll((selects) =>
			selects.filter((select) => /hasIssues/.test(select.className)).map(() => 'credentials'),
		);
	return [...parameters, ...credentials];
}

/**
 * The Add Option dropdown of the open panel's collection: its option labels, and its items. When
 * no option is expected, an absent control counts as an empty list (n8n hides it when none is left).
 */
export async function openAddOption(page, expectOptions) {
	const input = page.locator(`${sel.ndv} ${sel.addOption}`);
	if (expectOptions) await input.waitFor();
	else if (!(await input.count())) return { labels: [], items: undefined };
	await input.click();
	const list = await input.getAttribute('aria-controls');
	const items = page.locator(`[id="${list}"] ${sel.addOptionItem}`);
	await items.first().waitFor();
	return { labels: (await items.allInnerTexts()).map((text) => text.trim()), items };
}

/** Picks a value of an options parameter (a select) in the open panel by its label. */
export async function chooseOption(page, name, label) {
	const input = parameter(page, name).locator('input').first();
	await input.click();
	const list = await input.getAttribute('aria-controls');
	await page
		.locator(`[id="${list}"] ${sel.selectItem}`)
		.filter({ has: page.locator('.option-headline', { hasText: label }) })
		.first()
		.click();
	await page.waitForFunction(
		([selector, want]) => document.querySelector(selector)?.value === want,
		[`${sel.ndv} [data-test-id="parameter-input-${name}"] input`, label],
	);
}

/** Turns a boolean parameter of the open panel on (n8n draws it as an el-switch). */
export async function switchOn(page, name) {
	const toggle = parameter(page, name).locator('.el-switch');
	if (!(await toggle.evaluate((el) => el.classList.contains('is-checked')))) await toggle.click();
	await page.waitForFunction(
		(selector) => document.querySelector(selector)?.classList.contains('is-checked'),
		`${sel.ndv} [data-test-id="parameter-input-${name}"] .el-switch`,
	);
}
