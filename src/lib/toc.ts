/** Which section of a page the reader is in, for the table of contents. */

/**
 * The index of the last heading whose top lies above `line` (pixels from the top of the viewport), or 0 when none
 * does: the page title, which comes first. `topOf(i)` gives heading i's top; tops grow with i (document order), so a
 * binary search reads about log2(n) of them however long the page is.
 */
export function currentSection(count: number, line: number, topOf: (index: number) => number): number {
	let low = 0;
	let high = count - 1;
	let found = 0;
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (topOf(middle) < line) {
			found = middle;
			low = middle + 1;
		} else high = middle - 1;
	}
	return found;
}
