/**
 * Tables that fit a phone. A table whose columns cannot all fit the page scrolls sideways inside a wrapper, and the
 * wrapper is focusable and named (a region labelled with the table's column headings), so keyboard and screen reader
 * users can reach and scroll it too. Without the wrapper, Starlight's scrolling table is a scroll region keyboard
 * users cannot reach; squeezing every table to the page width instead broke dates and versions one character a line.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { HastVisitorContext } from 'satteri';
import { splitAnchor } from './heading-anchors.ts';

/** The class of the wrapper, styled in src/styles/custom.css. */
export const TABLE_SCROLL_CLASS = 'table-scroll';

/** The text of a hast node and its descendants. */
function textOf(node: ElementContent): string {
	if (node.type === 'text') return node.value;
	return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** The column headings of a table (its first row of `th` cells), trimmed. */
export function columnHeadings(table: Readonly<Element>): string[] {
	const rows: Element[] = [];
	const collect = (node: ElementContent) => {
		if (node.type !== 'element') return;
		if (node.tagName === 'tr') rows.push(node);
		else if (node.tagName === 'thead' || node.tagName === 'tbody') node.children.forEach(collect);
	};
	table.children.forEach(collect);
	const cells = rows[0]?.children.filter((cell): cell is Element => cell.type === 'element' && cell.tagName === 'th') ?? [];
	return cells.map((cell) => textOf(cell).trim()).filter(Boolean);
}

/**
 * The accessible names of a page's table regions, in document order: each table is named by the heading it sits
 * under and its column headings. Landmarks must have distinct names, so a repeated name gets a number.
 */
export function tableRegionLabels(tables: readonly { heading: string | undefined; columns: readonly string[] }[]): string[] {
	const seen = new Map<string, number>();
	return tables.map(({ heading, columns }) => {
		const label = `${heading ? `「${heading}」中的表格` : '表格'}${columns.length > 0 ? `：${columns.join('、')}` : ''}`;
		const count = (seen.get(label) ?? 0) + 1;
		seen.set(label, count);
		return count === 1 ? label : `${label}（${count}）`;
	});
}

/** The text of a heading without its `{#id}` marker (the heading-anchors plugin may not have removed it yet). */
function headingText(heading: Element): string {
	const text = textOf(heading).trim();
	return splitAnchor(text)?.text.trim() ?? text;
}

/** Sätteri hast plugin: wraps every Markdown table in a focusable, labelled region that scrolls sideways. */
export const scrollableTables = {
	name: 'oci-guide:scrollable-tables',
	before(root: Readonly<Root>, ctx: HastVisitorContext) {
		const tables: { node: Element; heading: string | undefined; columns: string[] }[] = [];
		let heading: string | undefined;
		const walk = (node: Readonly<Root | ElementContent>) => {
			if (node.type === 'element' && /^h[1-6]$/.test(node.tagName)) heading = headingText(node);
			if (node.type === 'element' && node.tagName === 'table') tables.push({ node, heading, columns: columnHeadings(node) });
			else if ('children' in node) node.children.forEach((child) => walk(child as ElementContent));
		};
		walk(root);
		const labels = tableRegionLabels(tables);
		tables.forEach(({ node }, i) => {
			ctx.wrapNode(node, {
				type: 'element',
				tagName: 'div',
				properties: { className: [TABLE_SCROLL_CLASS], tabIndex: 0, role: 'region', ariaLabel: labels[i]! },
				children: [],
			});
		});
	},
};
