/** Chromium for end-to-end tests: Debian's build, driven by playwright-core, as set up on these machines. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium.ts';

/** Launches Debian's headless Chromium with the flags these machines need. */
export function launch(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
}

/** Collects the console errors and failed requests of a page, to assert that there were none. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
	page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
	page.on('requestfailed', (request) => {
		// Leaving a page cancels its prefetches of linked pages: that is not a failure.
		if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
	});
	return errors;
}
