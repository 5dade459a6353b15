/** Reads article frontmatter straight from the Markdown files, independently of the site's own code. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ArticleSource {
	id: string;
	title: string;
	series: { order: number; short: string };
	audience: string[];
	status: string;
	specs: Record<string, string>;
}

/** An article's frontmatter: the whole block, `---` lines and the newline after them included, and the YAML inside. */
export function frontmatterBlock(text: string): { block: string; yaml: string } | undefined {
	const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
	return match ? { block: match[0], yaml: match[1]! } : undefined;
}

/** The articles under `<project>/src/content/docs/`, in series order. */
export function readArticles(projectDir: string): ArticleSource[] {
	const docs = join(projectDir, 'src/content/docs');
	return readdirSync(docs)
		.filter((file) => /^oci-.*\.mdx?$/.test(file))
		.map((file) => {
			const text = readFileSync(join(docs, file), 'utf8');
			const yaml = frontmatterBlock(text)?.yaml;
			if (!yaml) throw new Error(`${file} 没有 frontmatter`);
			return { id: file.replace(/\.mdx?$/, ''), ...(parse(yaml) as Omit<ArticleSource, 'id'>) };
		})
		.sort((a, b) => a.series.order - b.series.order);
}
