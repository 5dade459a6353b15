/** Text from data files, where `backticks` mark code as in Markdown. */

/** Splits text into plain and code parts at backticks: `a `b` c` gives a, b (code), c. */
export function splitInlineCode(text: string): { text: string; code: boolean }[] {
	return text
		.split('`')
		.map((part, index) => ({ text: part, code: index % 2 === 1 }))
		.filter((part) => part.text !== '');
}
