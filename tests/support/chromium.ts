/** Debian's Chromium as these machines run it, for browser tests and the Lighthouse benchmark alike. */

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, no sandbox (tests run as root), and nothing that reaches out on its own: on a closed network Chromium's
 * background connections would fail by the dozen.
 */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
] as const;
