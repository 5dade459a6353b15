/**
 * Stable English anchors for Chinese headings, as the writing rules ask: `## 命名空间 {#namespaces}` in Markdown,
 * or `## 命名空间 \{#namespaces\}` in MDX (where bare braces start an expression). The marker is removed from the
 * heading text and becomes the heading's id, so links keep working when the Chinese wording changes.
 */
import type { Element, Text } from 'hast';
import type { HastVisitorContext } from 'satteri';

/** A trailing `{#id}` marker: lowercase ASCII words joined by hyphens. */
const ANCHOR_MARKER = /\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;

/** Splits a heading's last text into the text without its `{#id}` marker and the id; undefined when it has none. */
export function splitAnchor(text: string): { text: string; id: string } | undefined {
	const match = ANCHOR_MARKER.exec(text);
	return match ? { text: text.slice(0, match.index), id: match[1]! } : undefined;
}

/** Sätteri hast plugin: gives every heading with a `{#id}` marker that id, before Astro derives heading ids. */
export const headingAnchors = {
	name: 'oci-guide:heading-anchors',
	element: {
		filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
		visit(node: Readonly<Element>, ctx: HastVisitorContext) {
			const last = node.children.at(-1);
			if (last?.type !== 'text') return;
			const anchor = splitAnchor(last.value);
			if (!anchor) return;
			ctx.replaceNode(last, { type: 'text', value: anchor.text } satisfies Text);
			ctx.setProperty(node, 'id', anchor.id);
		},
	},
};
